package dev.gatehouse.app.demo;

import java.nio.file.Path;

/**
 * One lab: a sample config ({@code sample-configs/labN-*.yaml}) and the one-line description from
 * its first comment line ("# Lab 1 - the naked proxy (...)" gives "the naked proxy (...)").
 */
public record Lab(String name, Path file, String description) {
    @Override
    public String toString() {
        return name + " — " + description;
    }
}
