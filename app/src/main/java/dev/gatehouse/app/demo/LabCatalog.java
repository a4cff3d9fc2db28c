package dev.gatehouse.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the labs: every {@code lab*.yaml} in the sample-configs directory, in lab-number order. The
 * directory is {@code -Dgatehouse.samples=DIR} if set, else {@code sample-configs} under the working
 * directory or one of its parents, else next to the workbench jar (or its parents).
 */
public final class LabCatalog {
    // lab3-traffic-cop.yaml is "Lab 3"; a lab without a number, such as lab-resilience.yaml, is "Lab resilience".
    private static final Pattern FILE = Pattern.compile("lab(\\d+)?-?([^/]*)\\.ya?ml");
    private static final Pattern DESCRIPTION = Pattern.compile("^#\\s*Lab\\s*\\d*\\s*[-–—:]\\s*(.*)$", Pattern.CASE_INSENSITIVE);

    private final Path directory;

    public LabCatalog(Path directory) {
        this.directory = directory;
    }

    /** The catalog of the samples directory found as the class comment says. */
    public static LabCatalog locate() {
        String configured = System.getProperty("gatehouse.samples");
        if (configured != null && !configured.isBlank()) {
            return new LabCatalog(Path.of(configured).toAbsolutePath().normalize());
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            var location = LabCatalog.class.getProtectionDomain().getCodeSource().getLocation();
            starts.add(Path.of(location.toURI()).toAbsolutePath());
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): the working directory is all we have
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("sample-configs");
                if (Files.isDirectory(candidate)) {
                    return new LabCatalog(candidate.normalize());
                }
            }
        }
        return new LabCatalog(Path.of("sample-configs").toAbsolutePath());
    }

    public Path directory() {
        return directory;
    }

    /** The labs in number order, unnumbered ones last; empty when the directory has none. */
    public List<Lab> labs() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Lab> labs = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    String name = "Lab " + (m.group(1) != null ? m.group(1) : m.group(2));
                    labs.add(new Lab(name, file.toAbsolutePath().normalize(), description(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        labs.sort(Comparator.comparingInt(LabCatalog::number).thenComparing(l -> l.file().getFileName().toString()));
        return labs;
    }

    /** The text after "Lab N - " on the file's first comment line, or the file name. */
    static String description(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            for (String line : (Iterable<String>) lines::iterator) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!trimmed.startsWith("#")) {
                    break;
                }
                Matcher m = DESCRIPTION.matcher(trimmed);
                String text = m.matches() ? m.group(1) : trimmed.substring(1).strip();
                if (!text.isEmpty()) {
                    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // unreadable: fall back to the name
        }
        return file.getFileName().toString();
    }

    /** Numbered labs in order, then the others. */
    private static int number(Lab lab) {
        String suffix = lab.name().substring(4);
        return suffix.chars().allMatch(Character::isDigit) ? Integer.parseInt(suffix) : Integer.MAX_VALUE;
    }
}
