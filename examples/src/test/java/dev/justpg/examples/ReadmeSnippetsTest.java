package dev.justpg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code block in README.md and docs/*.md marked {@code <!-- snippet: X -->} must appear,
 * line for line, in compiled code: {@code X} is a class in
 * {@code examples/src/main/java/dev/justpg/examples/snippets/}, or a path from the project root.
 */
class ReadmeSnippetsTest {

    private static final Pattern MARKED_BLOCK =
            Pattern.compile("<!-- snippet: ([\\w./-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void markedSnippetsAreCompiledCode() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        int blocks = 0;
        for (Path page : pages) {
            Matcher m = MARKED_BLOCK.matcher(Files.readString(page));
            while (m.find()) {
                blocks++;
                String name = m.group(1);
                Path source = name.contains("/") ? root.resolve(name)
                        : root.resolve("examples/src/main/java/dev/justpg/examples/snippets/" + name + ".java");
                assertThat(source).as("source of snippet %s in %s", name, page.getFileName()).exists();
                String code = normalize(Files.readString(source));
                for (String line : m.group(2).split("\n")) {
                    if (!line.isBlank()) {
                        assertThat(code).as("line of snippet %s in %s", name, page.getFileName())
                                .contains(normalize(line));
                    }
                }
            }
        }
        assertThat(blocks).as("marked snippet blocks").isGreaterThanOrEqualTo(5);
    }

    private static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
