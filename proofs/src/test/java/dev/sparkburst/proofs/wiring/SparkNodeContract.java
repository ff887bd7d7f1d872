package dev.sparkburst.proofs.wiring;

import dev.sparkburst.core.contracts.SparkNodeVariable;
import dev.sparkburst.core.contracts.SparkNodeVariable.Provision;
import dev.sparkburst.core.contracts.SparkRole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks what sets a Spark node's environment against {@link SparkNodeVariable}: each method returns the
 * problems found, each naming the variable, the role and what is wrong (empty: all wired).
 */
final class SparkNodeContract {

    private SparkNodeContract() {
    }

    static Set<String> declared() {
        return Arrays.stream(SparkNodeVariable.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The contract lists exactly what the entrypoint reads from outside. */
    static List<String> againstEntrypoint(EntrypointScript script) {
        List<String> problems = new ArrayList<>();
        for (String name : script.externalReads()) {
            if (!declared().contains(name)) {
                problems.add(name + ": entrypoint.sh reads it, but SparkNodeVariable does not declare it (say who sets"
                        + " it: the task definitions, the image, the local launcher, the platform, or nobody)");
            }
        }
        for (String name : declared()) {
            if (!script.externalReads().contains(name)) {
                problems.add(name + ": SparkNodeVariable declares it, but entrypoint.sh never reads it");
            }
        }
        return problems;
    }

    /** A task definition's container sets what the contract says it must, and nothing the node does not read. */
    static List<String> againstTaskDefinition(SparkRole role, NodeEnvironment task, Dockerfile image) {
        List<String> problems = new ArrayList<>();
        String where = "the " + role.value() + " task definition";
        for (SparkNodeVariable variable : SparkNodeVariable.values()) {
            String name = variable.name();
            if (!variable.readBy(role)) {
                if (task.names().contains(name)) {
                    problems.add(name + ": " + where + " sets it, but a " + role.value() + " never reads it");
                }
                continue;
            }
            switch (variable.provision()) {
                case DEPLOYED -> {
                    if (!task.variables().containsKey(name)) {
                        problems.add(name + ": " + where + " does not set it" + (task.secrets().contains(name)
                                ? " as plain environment (it is a secret)" : ""));
                    }
                }
                case SECRET -> {
                    if (!task.secrets().contains(name)) {
                        problems.add(name + ": " + where + " does not set it as a secret");
                    }
                    if (task.variables().containsKey(name)) {
                        problems.add(name + ": " + where + " sets it as plain environment; it must be a secret");
                    }
                }
                case IMAGE -> {
                    if (!image.environment().contains(name) && !task.names().contains(name)) {
                        problems.add(name + ": neither the image (Dockerfile ENV) nor " + where + " sets it");
                    }
                }
                case LOCAL, PLATFORM -> {
                    if (task.names().contains(name)) {
                        problems.add(name + ": " + where + " sets it, but it is " + variable.provision()
                                + " (on ECS the entrypoint's default or the platform provides it)");
                    }
                }
                case DEFAULTED -> {
                    // Anyone may set it; the entrypoint's default applies otherwise.
                }
            }
        }
        for (String name : task.names()) {
            if (!declared().contains(name)) {
                problems.add(name + ": " + where + " sets it, but the entrypoint does not read it (a typo?)");
            }
        }
        return problems;
    }

    /**
     * The local launcher sets the same names as the task definition (a secret replaced by its local counterpart,
     * what the image sets added), plus only variables the contract marks LOCAL or DEFAULTED.
     */
    static List<String> localAgainstTaskDefinition(SparkRole role, NodeEnvironment task, Set<String> local) {
        List<String> problems = new ArrayList<>();
        String where = "the local launcher's " + role.value() + " environment";
        Set<String> expected = new TreeSet<>();
        for (String name : task.names()) {
            SparkNodeVariable variable = find(name);
            if (variable == null) {
                continue;
            }
            expected.add(variable.provision() == Provision.SECRET
                    ? variable.localCounterpart().map(Enum::name).orElse(name) : name);
        }
        for (SparkNodeVariable variable : SparkNodeVariable.values()) {
            if (variable.readBy(role) && variable.provision() == Provision.IMAGE) {
                expected.add(variable.name());
            }
        }
        for (String name : expected) {
            if (!local.contains(name)) {
                problems.add(name + ": the " + role.value() + " task definition (or image) sets it, " + where
                        + " does not");
            }
        }
        for (String name : local) {
            SparkNodeVariable variable = find(name);
            if (variable == null) {
                problems.add(name + ": " + where + " sets it, but the entrypoint does not read it");
            } else if (!variable.readBy(role)) {
                problems.add(name + ": " + where + " sets it, but a " + role.value() + " never reads it");
            } else if (!expected.contains(name) && variable.provision() != Provision.LOCAL
                    && variable.provision() != Provision.DEFAULTED) {
                problems.add(name + ": " + where + " sets it, but the " + role.value()
                        + " task definition does not (" + variable.provision() + ")");
            }
        }
        return problems;
    }

    private static SparkNodeVariable find(String name) {
        return Arrays.stream(SparkNodeVariable.values()).filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
