package dev.justpg.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads the test corpus copied from PEV2 (see plans/pev2/LICENSE). */
final class Corpus {

    private Corpus() {
    }

    static String read(String path) {
        try (InputStream in = Corpus.class.getResourceAsStream("/plans/pev2/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource plans/pev2/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> list(String dir) {
        URL url = Corpus.class.getResource("/plans/pev2/" + dir);
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
