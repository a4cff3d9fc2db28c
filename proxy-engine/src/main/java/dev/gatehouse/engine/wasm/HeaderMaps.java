package dev.gatehouse.engine.wasm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ABI's serialized header maps: a u32 count, then a (u32 key length, u32 value length) pair per
 * entry, then each key and value followed by a NUL. Little-endian, as Wasm memory is.
 */
final class HeaderMaps {
    private HeaderMaps() {
    }

    static byte[] serialize(List<Map.Entry<String, String>> pairs) {
        List<byte[]> keys = new ArrayList<>(pairs.size());
        List<byte[]> values = new ArrayList<>(pairs.size());
        int size = 4;
        for (Map.Entry<String, String> pair : pairs) {
            byte[] k = pair.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] v = pair.getValue().getBytes(StandardCharsets.UTF_8);
            keys.add(k);
            values.add(v);
            size += 8 + k.length + 1 + v.length + 1;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(pairs.size());
        for (int i = 0; i < keys.size(); i++) {
            out.putInt(keys.get(i).length).putInt(values.get(i).length);
        }
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i)).put((byte) 0).put(values.get(i)).put((byte) 0);
        }
        return out.array();
    }

    /**
     * The pairs of a serialized map; an empty input (or a lone 0 byte) is an empty map.
     *
     * @throws IllegalArgumentException when the bytes are not a well-formed map
     */
    static List<Map.Entry<String, String>> parse(byte[] data) {
        if (data.length <= 1) {
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int count = in.getInt();
        if (count < 0 || (long) count * 8 > data.length - 4) {
            throw new IllegalArgumentException("bad pair count " + count);
        }
        int[] lengths = new int[count * 2];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = in.getInt();
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>(count);
        int pos = 4 + count * 8;
        for (int i = 0; i < count; i++) {
            String key = string(data, pos, lengths[2 * i]);
            pos += lengths[2 * i] + 1;
            String value = string(data, pos, lengths[2 * i + 1]);
            pos += lengths[2 * i + 1] + 1;
            pairs.add(Map.entry(key, value));
        }
        return pairs;
    }

    private static String string(byte[] data, int pos, int length) {
        if (length < 0 || pos + length > data.length) {
            throw new IllegalArgumentException("pair runs past the end of the map");
        }
        return new String(data, pos, length, StandardCharsets.UTF_8);
    }
}
