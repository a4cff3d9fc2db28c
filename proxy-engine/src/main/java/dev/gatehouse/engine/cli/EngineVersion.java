package dev.gatehouse.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "dev" when run from classes). */
final class EngineVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = EngineVersion.class.getPackage().getImplementationVersion();
        return new String[] {"gatehouse-engine " + (v != null ? v : "dev")};
    }
}
