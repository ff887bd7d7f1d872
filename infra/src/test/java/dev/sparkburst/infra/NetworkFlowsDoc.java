package dev.sparkburst.infra;

import dev.sparkburst.core.config.NetworkSettings;
import dev.sparkburst.infra.network.NetworkFlows;
import dev.sparkburst.infra.network.NetworkFlows.Flow;
import java.util.List;

/** The flows table of docs/network.md, rendered from the declared list. */
final class NetworkFlowsDoc {

    static final String BEGIN = "<!-- flows: generated from NetworkFlows, checked by NetworkFlowsTest -->";
    static final String END = "<!-- flows: end -->";

    private NetworkFlowsDoc() {
    }

    static String table() {
        List<Flow> without = NetworkFlows.of(new NetworkSettings(false, List.of()));
        StringBuilder table = new StringBuilder("| from | to | ports | why | when |\n");
        table.append("| --- | --- | --- | --- | --- |\n");
        for (Flow flow : NetworkFlows.of(new NetworkSettings(true, List.of("10.0.0.0/8")))) {
            table.append("| ").append(flow.from().label()).append(" | ").append(flow.to().label()).append(" | ")
                    .append(flow.ports().label()).append(" | ").append(flow.why()).append(" | ")
                    .append(without.contains(flow) ? "always" : "with `network.loadBalancer`").append(" |\n");
        }
        return table.toString();
    }

    /** The text between the markers. */
    static String between(String doc) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            return "";
        }
        return doc.substring(begin + BEGIN.length(), end).strip() + "\n";
    }
}
