package dev.sparkburst.infra.workflow;

import dev.sparkburst.core.contracts.FunctionAlias;
import dev.sparkburst.core.run.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.AliasAttributes;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Version;
import software.amazon.awscdk.services.lambda.VersionAttributes;
import software.amazon.awscdk.services.logs.LogGroup;

/**
 * Writes the state machine definition as plain ASL (build time: {@code process-classes}), with each function
 * ARN ending in its handler class name and the alias the deployed definition invokes
 * ({@code ...:function:PrepareRunHandler:live}), so the local ASL engine runs the very definition that deploys.
 */
public final class AslExport {

    private AslExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AslExport <output.json>");
        }
        Path output = Path.of(args[0]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, AslExtractor.toJson(definition()), StandardCharsets.UTF_8);
    }

    /** The definition, built in a throwaway app whose functions' aliases are imported by those ARNs. */
    public static Map<String, Object> definition() {
        App app = new App(AppProps.builder().build());
        Stack stack = new Stack(app, "AslExport");
        Map<Step, IFunction> functions = new EnumMap<>(Step.class);
        for (Step step : RunStateMachine.STATE_STEPS) {
            IFunction function = Function.fromFunctionArn(stack, step.handlerClass(),
                    AslExtractor.ARN_PREFIX + step.handlerClass());
            // An imported alias's ARN is its function's plus ":<name>"; the version number is never rendered.
            functions.put(step, Alias.fromAliasAttributes(stack, step.handlerClass() + "Alias",
                    AliasAttributes.builder()
                            .aliasName(FunctionAlias.NAME)
                            .aliasVersion(Version.fromVersionAttributes(stack, step.handlerClass() + "Version",
                                    VersionAttributes.builder().lambda(function).version("1").build()))
                            .build()));
        }
        new RunStateMachine(stack, "Run", new RunStateMachine.Props(functions, new LogGroup(stack, "Logs")));
        @SuppressWarnings("unchecked")
        Map<String, Object> template = (Map<String, Object>) app.synth().getStackByName("AslExport").getTemplate();
        return AslExtractor.fromTemplate(template);
    }
}
