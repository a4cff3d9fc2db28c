package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.config.ConfigError;
import dev.gatehouse.engine.config.ConfigWarning;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints problems to a command's error stream, one a line, config problems in the form compilers use
 * ({@code file:line:column: error: path: message}) so terminals and editors turn them into links.
 */
final class ProblemReport {
    private final PrintWriter err;

    ProblemReport(PrintWriter err) {
        this.err = err;
    }

    void errors(List<ConfigError> errors) {
        errors.forEach(e -> err.println(line(e)));
        err.flush();
    }

    /** A {@link ConfigWarning} already prints as {@code file:line:column: warning: path: message}. */
    void warnings(List<ConfigWarning> warnings) {
        warnings.forEach(err::println);
        err.flush();
    }

    /** A problem that is not about a place in the config, e.g. a port already taken. */
    void error(String message) {
        err.println("error: " + message);
        err.flush();
    }

    /** Prints a line as it is, e.g. a heading above a list of errors. */
    void note(String text) {
        err.println(text);
        err.flush();
    }

    static String line(ConfigError e) {
        StringBuilder text = new StringBuilder(e.source());
        if (e.line() > 0) {
            text.append(':').append(e.line()).append(':').append(e.column());
        }
        text.append(": error: ");
        if (!e.path().isEmpty()) {
            text.append(e.path()).append(": ");
        }
        return text.append(e.message()).toString();
    }

    /** "1 error", "2 errors". */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
