package dev.gatehouse.engine.route;

import dev.gatehouse.engine.config.HeaderMutations;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Applies a route's {@link HeaderMutations} to Netty headers: remove, then set (replacing every
 * existing value), then add (appending). Names are lowercased and validated, values checked for
 * CR, LF and NUL once, here, so a bad config is refused on load and never splits a header.
 */
public final class HeaderMutator {
    /** Changes nothing. */
    public static final HeaderMutator NONE = compile(HeaderMutations.NONE);

    private final HeaderMutations config;
    private final AsciiString[] remove;
    private final AsciiString[] setNames;
    private final String[] setValues;
    private final AsciiString[] addNames;
    private final String[] addValues;

    private HeaderMutator(HeaderMutations config, AsciiString[] remove, AsciiString[] setNames, String[] setValues,
                          AsciiString[] addNames, String[] addValues) {
        this.config = config;
        this.remove = remove;
        this.setNames = setNames;
        this.setValues = setValues;
        this.addNames = addNames;
        this.addValues = addValues;
    }

    /** @throws IllegalArgumentException if a name is not an HTTP token or a value has CR, LF or NUL */
    public static HeaderMutator compile(HeaderMutations mutations) {
        Objects.requireNonNull(mutations, "mutations");
        List<String> removeList = mutations.remove();
        AsciiString[] remove = new AsciiString[removeList.size()];
        for (int i = 0; i < remove.length; i++) {
            remove[i] = name(removeList.get(i));
        }
        AsciiString[] setNames = new AsciiString[mutations.set().size()];
        String[] setValues = new String[setNames.length];
        fill(mutations.set(), setNames, setValues);
        AsciiString[] addNames = new AsciiString[mutations.add().size()];
        String[] addValues = new String[addNames.length];
        fill(mutations.add(), addNames, addValues);
        return new HeaderMutator(mutations, remove, setNames, setValues, addNames, addValues);
    }

    public void apply(HttpHeaders headers) {
        for (AsciiString name : remove) {
            headers.remove(name);
        }
        for (int i = 0; i < setNames.length; i++) {
            headers.set(setNames[i], setValues[i]);
        }
        for (int i = 0; i < addNames.length; i++) {
            headers.add(addNames[i], addValues[i]);
        }
    }

    public boolean isEmpty() {
        return config.isEmpty();
    }

    public HeaderMutations config() {
        return config;
    }

    @Override
    public String toString() {
        return "remove=" + config.remove() + " set=" + config.set() + " add=" + config.add();
    }

    private static void fill(Map<String, String> entries, AsciiString[] names, String[] values) {
        int i = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            names[i] = name(entry.getKey());
            String value = Objects.requireNonNull(entry.getValue(), "value of header " + entry.getKey());
            if (!HttpSyntax.isFieldValue(value)) {
                throw new IllegalArgumentException("header " + names[i] + " value has CR, LF or NUL");
            }
            values[i++] = value;
        }
    }

    private static AsciiString name(String name) {
        if (name == null || !HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("not a valid header name: '" + name + "'");
        }
        return AsciiString.cached(name.toLowerCase(Locale.ROOT));
    }
}
