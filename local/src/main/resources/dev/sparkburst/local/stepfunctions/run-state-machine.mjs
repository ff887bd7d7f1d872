// Runs one state machine execution with the npm package aws-local-stepfunctions and reports it on
// stdout as JSON lines: one line per execution event, then one {"type":"ExecutionResult",...} line.
//
// Usage: node run-state-machine.mjs [INPUT.json]   (without a file: the request is the first line of stdin)
// Request: {definition, input, executionName, stateMachineName?, accountId?, waitTimeOverrideMs?,
//           retryIntervalOverrideMs?, defaultTaskTimeoutSeconds?, validation?, abortWhenStdinCloses?}
// The exit code is 0 whenever an execution ran (SUCCEEDED, FAILED, TIMED_OUT or ABORTED: the caller
// reads the status); 2 means the request itself was unusable.
//
// The script must live inside the project tree (node_modules/.cache/spark-burst/): ES modules resolve
// bare package names relative to the importing file and ignore NODE_PATH.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// aws-local-stepfunctions 3.x declares Node >= 22 only for Promise.withResolvers (used by Task states).
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const { StateMachine, ExecutionAbortedError, ExecutionTimeoutError } = await import('aws-local-stepfunctions');
// The Lambda client is taken from the very copy of the AWS SDK that aws-local-stepfunctions depends on.
const packageRequire = createRequire(import.meta.resolve('aws-local-stepfunctions'));
const { LambdaClient, InvokeCommand } = await import(
  pathToFileURL(packageRequire.resolve('@aws-sdk/client-lambda')).href
);

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

function writeLine(object) {
  // Writes to a pipe are synchronous on Linux and macOS, so a line is out before any process.exit.
  process.stdout.write(JSON.stringify(object) + '\n');
}

function failRequest(message) {
  process.stderr.write(`run-state-machine: ${message}\n`);
  process.exit(2);
}

async function readRequest() {
  if (process.argv[2]) {
    return readFileSync(process.argv[2], 'utf8');
  }
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        process.stdin.off('data', onData);
        process.stdin.off('end', onEnd);
        process.stdin.pause();
        resolve(buffered.slice(0, newline));
      }
    };
    const onEnd = () => resolve(buffered);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', onData);
    process.stdin.on('end', onEnd);
    process.stdin.on('error', reject);
  });
}

function parseRequest(text) {
  let request;
  try {
    request = JSON.parse(text);
  } catch (error) {
    failRequest(`the request is not JSON: ${error.message}`);
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    failRequest('the request must be a JSON object');
  }
  let definition = request.definition;
  if (typeof definition === 'string') {
    try {
      definition = JSON.parse(definition);
    } catch (error) {
      failRequest(`definition: not JSON (${error.message})`);
    }
  }
  if (definition === null || typeof definition !== 'object' || typeof definition.States !== 'object') {
    failRequest('definition: must be an ASL object with "StartAt" and "States"');
  }
  // Step Functions' rule: no whitespace, brackets, wildcards, control characters or these specials.
  if (typeof request.executionName !== 'string'
      || !/^[^\s<>{}\[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u.test(request.executionName)) {
    failRequest('executionName: must be 1-80 characters without whitespace, brackets, wildcards, '
      + 'control characters or any of "#%\\^|~`$&,;:/');
  }
  for (const field of ['waitTimeOverrideMs', 'retryIntervalOverrideMs', 'defaultTaskTimeoutSeconds']) {
    const value = request[field];
    if (value !== undefined && value !== null && !(Number.isInteger(value) && value >= 0)) {
      failRequest(`${field}: must be a non-negative integer`);
    }
  }
  return { ...request, definition };
}

// Visits every state, including those of Parallel branches and Map item processors.
function forEachState(machine, visit) {
  for (const [name, state] of Object.entries(machine.States ?? {})) {
    visit(name, state);
    for (const branch of state.Branches ?? []) forEachState(branch, visit);
    if (state.ItemProcessor) forEachState(state.ItemProcessor, visit);
    if (state.Iterator) forEachState(state.Iterator, visit);
  }
}

// An error whose name and message become the state's Error and Cause, as in AWS, where the Cause of a
// function error is the error document as a JSON string.
class TaskError extends Error {
  constructor(name, cause, { retryable = true, catchable = true } = {}) {
    super(cause);
    this.name = name;
    this.retryable = retryable;
    this.catchable = catchable;
  }
  get isRetryable() {
    return this.retryable;
  }
  get isCatchable() {
    return this.catchable;
  }
}

// Invokes Lambda functions the way Step Functions does for a Task whose Resource is a function ARN:
// function errors keep their errorType as Error, service and client failures are named "Lambda.<name>".
// aws-local-stepfunctions' own invoker reports a Cause of "<type>: <message>", builds a client per call
// and does not prefix service errors, so Catch/Retry rules written for AWS would not match locally.
function lambdaInvoker() {
  const client = new LambdaClient({});
  return async (functionArn, input) => {
    let response;
    try {
      response = await client.send(new InvokeCommand({
        FunctionName: functionArn,
        Payload: new TextEncoder().encode(JSON.stringify(input ?? null)),
      }));
    } catch (error) {
      const serviceError = error?.$metadata?.httpStatusCode !== undefined && error.name && error.name !== 'Error';
      const name = serviceError ? `Lambda.${error.name}` : 'Lambda.SdkClientException';
      throw new TaskError(name, `${error.message ?? error} (function ${functionArn})`);
    }
    const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
    if (response.FunctionError) {
      let errorType = 'Lambda.Unknown';
      try {
        const document = JSON.parse(text);
        if (document && typeof document.errorType === 'string' && document.errorType) errorType = document.errorType;
      } catch {
        // A non-JSON error document keeps the generic name; its text is still the Cause.
      }
      throw new TaskError(errorType, text);
    }
    if (text === '') return null;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new TaskError('States.Runtime', `function ${functionArn} returned a payload that is not JSON: ${error.message}`,
        { retryable: false, catchable: false });
    }
  };
}

function taskOverrides(definition, invoke) {
  const resources = new Map();
  const conflicting = new Set();
  forEachState(definition, (name, state) => {
    if (state.Type !== 'Task' || !LAMBDA_FUNCTION_ARN.test(state.Resource ?? '')) return;
    if (resources.has(name) && resources.get(name) !== state.Resource) conflicting.add(name);
    resources.set(name, state.Resource);
  });
  const handlers = {};
  for (const [name, resource] of resources) {
    // Overrides are looked up by state name only; a name reused with another function keeps the
    // package's own invoker rather than calling the wrong function.
    if (!conflicting.has(name)) handlers[name] = (input) => invoke(resource, input);
  }
  return handlers;
}

function applyDefaultTaskTimeout(definition, seconds) {
  // The engine gives a Task without TimeoutSeconds 60 s; AWS gives it none (the function's own
  // timeout bounds a Lambda call), so such tasks get a generous explicit value instead.
  forEachState(definition, (_, state) => {
    if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = seconds;
    }
  });
}

function namesOfStates(definition, predicate) {
  const names = [];
  forEachState(definition, (name, state) => {
    if (predicate(state)) names.push(name);
  });
  return names;
}

function describeEvent(event) {
  const line = { type: event.type, timestamp: new Date(event.timestamp).toISOString() };
  if (event.state) {
    line.stateName = event.state.name;
    line.stateType = event.state.type;
    if ('input' in event.state) line.input = event.state.input;
    if ('output' in event.state) line.output = event.state.output;
  }
  if (event.parentState) {
    line.parentStateName = event.parentState.name;
    line.parentStateType = event.parentState.type;
  }
  if (event.type === 'ExecutionStarted') line.input = event.input;
  if (event.type === 'ExecutionSucceeded') line.output = event.output;
  if ('Error' in event) line.error = event.Error;
  if ('Cause' in event) line.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause);
  if (event.index !== undefined) line.index = event.index;
  if (event.retry) line.attempt = event.retry.attempt;
  if (event.catch) line.next = event.catch.catcher.Next;
  return line;
}

const request = parseRequest(await readRequest());
const { definition } = request;
const region = process.env.AWS_REGION || 'us-east-1';
const accountId = request.accountId || '000000000000';
const stateMachineName = request.stateMachineName || 'spark-burst-local';
const stateMachineArn = `arn:aws:states:${region}:${accountId}:stateMachine:${stateMachineName}`;

applyDefaultTaskTimeout(definition, request.defaultTaskTimeoutSeconds ?? 3600);

// Checking a definition against the ASL schemas takes ~0.3 s, on every execution: a definition (with the same
// validation options) that passed once is marked as such beside this script and not checked again.
const validationOptions = { checkPaths: true, checkArn: true, ...(request.validation ?? {}) };
const validatedDir = join(dirname(fileURLToPath(import.meta.url)), 'validated');
const validatedMark = join(validatedDir, createHash('sha256')
  .update(JSON.stringify([definition, validationOptions])).digest('hex'));
const alreadyValid = !validationOptions.noValidate && existsSync(validatedMark);

let stateMachine;
try {
  stateMachine = new StateMachine(definition, {
    validationOptions: alreadyValid ? { ...validationOptions, noValidate: true } : validationOptions,
  });
} catch (error) {
  writeLine({ type: 'ExecutionResult', status: 'FAILED', error: 'InvalidDefinition', cause: error.message });
  process.exit(0);
}
if (!alreadyValid && !validationOptions.noValidate) {
  try {
    mkdirSync(validatedDir, { recursive: true });
    writeFileSync(validatedMark, '');
  } catch {
    // Only a shortcut for next time.
  }
}

const overrides = { taskResourceLocalHandlers: taskOverrides(definition, lambdaInvoker()) };
if (request.waitTimeOverrideMs !== undefined && request.waitTimeOverrideMs !== null) {
  overrides.waitTimeOverrides = Object.fromEntries(
    namesOfStates(definition, (state) => state.Type === 'Wait').map((name) => [name, request.waitTimeOverrideMs]));
}
if (request.retryIntervalOverrideMs !== undefined && request.retryIntervalOverrideMs !== null) {
  overrides.retryIntervalOverrides = Object.fromEntries(
    namesOfStates(definition, (state) => Array.isArray(state.Retry)).map((name) => [name, request.retryIntervalOverrideMs]));
}

const execution = stateMachine.run(request.input ?? {}, {
  overrides,
  context: {
    Execution: {
      Id: `arn:aws:states:${region}:${accountId}:execution:${stateMachineName}:${request.executionName}`,
      Name: request.executionName,
      RoleArn: `arn:aws:iam::${accountId}:role/${stateMachineName}`,
    },
    StateMachine: { Id: stateMachineArn, Name: stateMachineName },
  },
});

let finished = false;
let failure = null;
function finish(result) {
  if (finished) return;
  finished = true;
  writeLine({ type: 'ExecutionResult', ...result });
  // In-flight Lambda calls of an aborted execution would keep the event loop alive.
  process.exit(0);
}

let abortRequested = false;
function abort(reason) {
  if (abortRequested) {
    finish({ status: 'ABORTED', cause: reason });
    return;
  }
  abortRequested = true;
  process.stderr.write(`run-state-machine: aborting the execution (${reason})\n`);
  execution.abort();
  // The engine settles an abort at once; this only bounds a misbehaving one.
  setTimeout(() => finish({ status: 'ABORTED', cause: reason }), 2000).unref();
}
process.on('SIGTERM', () => abort('SIGTERM'));
process.on('SIGINT', () => abort('SIGINT'));
if (request.abortWhenStdinCloses && !process.argv[2]) {
  // The parent keeps stdin open while it wants the execution; EOF means it is gone.
  process.stdin.on('end', () => abort('stdin closed'));
  process.stdin.resume();
}

const streamed = (async () => {
  for await (const event of execution.eventLogs) {
    if (event.type === 'ExecutionFailed') failure = { error: event.Error, cause: describeEvent(event).cause };
    writeLine(describeEvent(event));
  }
})();

try {
  const output = await execution.result;
  await streamed;
  finish({ status: 'SUCCEEDED', output: output ?? null });
} catch (error) {
  await streamed.catch(() => {});
  if (error instanceof ExecutionAbortedError) {
    finish({ status: 'ABORTED', cause: abortRequested ? 'aborted by request' : error.message });
  } else if (error instanceof ExecutionTimeoutError) {
    finish({ status: 'TIMED_OUT', error: 'States.Timeout', cause: 'the execution ran longer than its TimeoutSeconds' });
  } else {
    const cause = error?.cause;
    finish({
      status: 'FAILED',
      error: failure?.error ?? cause?.name ?? error?.name ?? 'States.Runtime',
      cause: failure?.cause ?? cause?.message ?? error?.message ?? String(error),
    });
  }
}
