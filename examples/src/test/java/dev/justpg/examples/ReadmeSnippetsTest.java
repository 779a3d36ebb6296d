package dev.justpg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every README code block marked {@code <!-- snippet: Name -->} must appear, line for line, in
 * {@code examples/src/main/java/dev/justpg/examples/snippets/Name.java}, which compiles.
 */
class ReadmeSnippetsTest {

    private static final Pattern MARKED_BLOCK =
            Pattern.compile("<!-- snippet: (\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void readmeSnippetsAreCompiledCode() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = MARKED_BLOCK.matcher(readme);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            Path source = root.resolve("examples/src/main/java/dev/justpg/examples/snippets/" + m.group(1) + ".java");
            assertThat(source).as("snippet source for README block %s", m.group(1)).exists();
            String code = normalize(Files.readString(source));
            for (String line : m.group(2).split("\n")) {
                if (!line.isBlank()) {
                    assertThat(code).as("README line of snippet %s", m.group(1)).contains(normalize(line));
                }
            }
        }
        assertThat(blocks).as("marked snippet blocks in README.md").isPositive();
    }

    private static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
