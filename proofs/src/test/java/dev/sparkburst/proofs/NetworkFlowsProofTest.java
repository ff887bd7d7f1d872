package dev.sparkburst.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.config.NetworkSettings;
import dev.sparkburst.infra.network.NetworkFlows;
import dev.sparkburst.infra.network.NetworkFlows.Party;
import dev.sparkburst.infra.network.TemplateNetwork;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The declared network flows against the templates of the real environment files: every flow allowed, nothing
 * else (see docs/network.md).
 */
class NetworkFlowsProofTest {

    static final List<String> FILES = Templates.ENVIRONMENT_FILES;

    @ParameterizedTest
    @FieldSource("FILES")
    void everyDeclaredFlowIsAllowedAndNothingElse(String file) {
        Templates templates = Templates.of(file);
        NetworkSettings settings = templates.config().network();
        TemplateNetwork network = new TemplateNetwork(templates.byStackName());

        assertThat(network.check(NetworkFlows.of(settings), settings.allowedCidrs())).isEmpty();
        assertThat(network.attachments()).extracting(TemplateNetwork.Attachment::party)
                .contains(Party.MASTER, Party.WORKERS, Party.FUNCTIONS);
        assertThat(network.attachments()).filteredOn(a -> a.party() == Party.LOAD_BALANCER)
                .hasSize(settings.loadBalancer() ? 1 : 0);
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void addressRangesAppearOnlyOnTheLoadBalancersGroup(String file) {
        Templates templates = Templates.of(file);
        TemplateNetwork network = new TemplateNetwork(templates.byStackName());
        List<String> nlbGroups = network.attachments().stream().filter(a -> a.party() == Party.LOAD_BALANCER)
                .flatMap(a -> a.groups().stream()).toList();

        List<TemplateNetwork.Rule> rangeRules = network.rules().stream()
                .filter(rule -> rule.ingress() && rule.peer().cidr() != null).toList();
        assertThat(rangeRules).hasSize(2 * templates.config().network().allowedCidrs().size())
                .allSatisfy(rule -> assertThat(nlbGroups).contains(rule.group()));
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void theStacksReferToEachOtherThroughExports(String file) {
        String text = Templates.of(file).byStackName().values().stream().map(JsonNode::toString)
                .reduce("", String::concat);

        assertThat(text).contains("Fn::ImportValue").doesNotContain("Fn::GetStackOutput");
    }
}
