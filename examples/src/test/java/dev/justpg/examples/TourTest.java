package dev.justpg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tour is the README's first command: it must run every chapter to the end. */
class TourTest {

    @Test
    void runsEveryChapterToTheEnd() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Tour.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        original.print(out);
        for (int i = 0; i < Tour.CHAPTERS.size(); i++) {
            assertThat(out).contains("== " + (i + 1) + ". " + Tour.CHAPTERS.get(i).title() + " ==");
        }
        assertThat(out).contains("Tour finished: " + Tour.CHAPTERS.size() + " chapter(s).");
    }
}
