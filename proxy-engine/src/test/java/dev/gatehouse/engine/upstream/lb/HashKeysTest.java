package dev.gatehouse.engine.upstream.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashKeysTest {
    private static long bytes(String s) {
        return HashKeys.hash(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesXxh64ReferenceVectorsAcrossEveryInputLengthPath() {
        assertThat(bytes("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(bytes("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(bytes("abc")).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(bytes("asdf")).isEqualTo(0x415872F599CEA71EL);
        assertThat(bytes("Call me Ishmael.")).isEqualTo(0x6D04390FC9D61A90L);
        // 39 and 46 bytes: the 32-byte stripe loop plus every tail step.
        assertThat(bytes("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
        assertThat(bytes("Some years ago--never mind how long precisely-")).isEqualTo(0x8F26F2B986AFDC52L);
    }

    @Test
    void seedChangesTheHashAsSpecified() {
        assertThat(HashKeys.hash(new byte[0], 1)).isEqualTo(0xD5AFBA1336A3BE4BL);
        assertThat(HashKeys.hash(new byte[0], 2654435761L)).isEqualTo(0xAC75FDA2929B17EFL);
    }

    @Test
    void charSequenceHashesItsUtf8Bytes() {
        assertThat(HashKeys.hash("user-42")).isEqualTo(bytes("user-42"));
        assertThat(HashKeys.hash(new StringBuilder("café ☕"))).isEqualTo(bytes("café ☕"));
    }
}
