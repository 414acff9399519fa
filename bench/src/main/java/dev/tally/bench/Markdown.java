package dev.tally.bench;

import java.util.List;

/** A Markdown document built line by line, with GitHub tables. */
final class Markdown {

    private final StringBuilder text = new StringBuilder();

    Markdown line(String line) {
        text.append(line).append('\n');
        return this;
    }

    Markdown paragraph(String paragraph) {
        return line(paragraph).line("");
    }

    Markdown heading(String title) {
        return line("## " + title).line("");
    }

    Markdown table(List<String> header, List<List<String>> rows) {
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.size()));
        rows.forEach(row -> line("| " + String.join(" | ", row.stream().map(Markdown::cell).toList()) + " |"));
        return line("");
    }

    /** A cell's text with its pipes escaped, so SQL or error messages cannot break the table. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
