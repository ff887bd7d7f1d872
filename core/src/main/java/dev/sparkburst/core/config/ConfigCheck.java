package dev.sparkburst.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found in one configuration file, by the schema and by the rules Java keeps. A key with a problem
 * (or inside one) is rejected: its readers take the default, so one reason is told per key and nothing is judged
 * twice. Problems are told in the order of the file.
 */
final class ConfigCheck {

    private final List<ConfigProblem> problems = new ArrayList<>();

    void problem(String path, String reason) {
        problems.add(new ConfigProblem(path, reason));
    }

    /** Whether the key at {@code path}, or a mapping or list holding it, has a problem already. */
    boolean rejected(String path) {
        return problems.stream().map(ConfigProblem::path).anyMatch(found -> found.isEmpty() || found.equals(path)
                || path.startsWith(found + ".") || path.startsWith(found + "["));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems in the order of the keys in {@code doc}; one about a missing key comes where its mapping is. */
    List<ConfigProblem> inOrderOf(JsonNode doc) {
        Map<String, Integer> order = new HashMap<>();
        if (doc != null) {
            number(doc, "", order);
        }
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(problem -> position(problem.path(), order)));
        return sorted;
    }

    private static void number(JsonNode node, String path, Map<String, Integer> order) {
        order.put(path, order.size());
        if (node.isObject()) {
            node.properties().forEach(e -> number(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    order));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                number(node.get(i), path + "[" + i + "]", order);
            }
        }
    }

    private static int position(String path, Map<String, Integer> order) {
        String at = path;
        while (!order.containsKey(at)) {
            int cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
            if (cut < 0) {
                return order.size();
            }
            at = at.substring(0, cut);
        }
        return order.get(at);
    }
}
