package dev.sparkburst.core.jobspec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaOptionsSplitterTest {

    @Test
    void whiteSpaceOutsideQuotesSeparatesArguments() {
        assertThat(JavaOptionsSplitter.split(" -Xmx1g\t-XX:+UseG1G1\r\n-Da=b  ")).containsExactly("-Xmx1g", "-XX:+UseG1G1", "-Da=b");
    }

    @Test
    void quotesAreRemovedAndJoinTheirNeighbours() {
        assertThat(JavaOptionsSplitter.split("-\"javaagent\":/a.jar -'agent'lib:x"))
                .containsExactly("-javaagent:/a.jar", "-agentlib:x");
    }

    @Test
    void quotedWhiteSpaceStaysInOneArgument() {
        assertThat(JavaOptionsSplitter.split("-Dmsg=\"a b\" -Dx='c  d'")).containsExactly("-Dmsg=a b", "-Dx=c  d");
    }

    @Test
    void aBackslashInsideDoubleQuotesMakesTheNextCharacterLiteral() {
        assertThat(JavaOptionsSplitter.split("\"-Da=\\\"q\\\" \\\\z\"")).containsExactly("-Da=\"q\" \\z");
    }

    @Test
    void backslashesOutsideDoubleQuotesAreOrdinaryCharacters() {
        assertThat(JavaOptionsSplitter.split("-Da=\\x '\\y'")).containsExactly("-Da=\\x", "\\y");
    }

    @Test
    void emptyQuotesMakeAnEmptyArgumentAndAnUnterminatedQuoteEndsTheLast() {
        assertThat(JavaOptionsSplitter.split("'' -Da=\"open")).containsExactly("", "-Da=open");
    }
}
