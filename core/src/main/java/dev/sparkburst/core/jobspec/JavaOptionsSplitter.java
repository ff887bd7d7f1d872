package dev.sparkburst.core.jobspec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a JVM options string into the arguments Spark passes to {@code java}, exactly as Spark does
 * ({@code Utils.splitCommandString}, used by the standalone worker when it builds a driver's or an executor's
 * command): white space (space, tab, CR, LF) separates words outside quotes; single quotes keep everything literal;
 * inside double quotes a backslash makes the next character literal; quotes and backslashes elsewhere are kept
 * as ordinary characters outside quotes except that quote characters open a quoted part. Checking options on the
 * raw string instead would let {@code -"javaagent":x} through, which {@code java} receives as {@code -javaagent:x}.
 */
final class JavaOptionsSplitter {

    private JavaOptionsSplitter() {
    }

    static List<String> split(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean inSingle = false;
        boolean inDouble = false;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (inDouble) {
                if (c == '"') {
                    inDouble = false;
                } else if (c == '\\') {
                    // Spark appends the next character as is; a trailing backslash is dropped.
                    if (i < options.length() - 1) {
                        word.append(options.charAt(++i));
                    }
                } else {
                    word.append(c);
                }
            } else if (inSingle) {
                if (c == '\'') {
                    inSingle = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                inWord = true;
                inDouble = true;
            } else if (c == '\'') {
                inWord = true;
                inSingle = true;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                word.append(c);
            }
        }
        // An unterminated quote still ends the last word, as in Spark.
        if (inWord || inSingle || inDouble) {
            words.add(word.toString());
        }
        return words;
    }
}
