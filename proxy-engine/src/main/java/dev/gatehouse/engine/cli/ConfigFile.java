package dev.gatehouse.engine.cli;

import dev.gatehouse.engine.config.ConfigError;
import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A config file named on the command line: its text and what the loader made of it. Every command
 * reads files this way, so a missing or unreadable file reads as plainly as any other config error.
 */
record ConfigFile(Path path, String text, ConfigLoader.Result loaded) {

    /** @throws ConfigException with every error found, a missing or unreadable file included */
    static ConfigFile load(Path path) {
        String source = path.toString();
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw fileProblem(source, "no such file");
        } catch (AccessDeniedException e) {
            throw fileProblem(source, "permission denied");
        } catch (CharacterCodingException e) {
            throw fileProblem(source, "the file is not valid UTF-8");
        } catch (IOException e) {
            throw fileProblem(source, Files.isDirectory(path) ? "is a directory, not a config file"
                    : "cannot read the file: " + e.getMessage());
        }
        return new ConfigFile(path, text, new ConfigLoader().load(text, source, ConfigLoader.directoryOf(path)));
    }

    GatewayConfig config() {
        return loaded.config();
    }

    private static ConfigException fileProblem(String source, String message) {
        return new ConfigException(List.of(new ConfigError(source, 0, 0, "", message)));
    }
}
