/**
 * The names that cross module boundaries, in one home: the step functions' environment variables (set by infra,
 * read by the lambdas module), the Spark node's environment variables and ports (set by the task definitions and
 * the local launcher, read by {@code spark-images/entrypoint.sh}), the stack outputs the CLI reads, and the
 * execution events the reaper handles. The proofs module checks each against the synthesized templates.
 */
package dev.sparkburst.core.contracts;
