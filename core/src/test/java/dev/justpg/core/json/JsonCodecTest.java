package dev.justpg.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    record Order(long id, String status, Instant at) {
    }

    @Test
    void roundTripsRecordsWithJavaTime() {
        JsonCodec codec = JsonCodec.defaultCodec();
        Order order = new Order(7, "paid", Instant.parse("2026-11-25T10:15:30Z"));
        String json = codec.encode(order);
        assertThat(json).contains("\"at\":\"2026-11-25T10:15:30Z\"");
        assertThat(codec.decode(json, Order.class)).isEqualTo(order);
    }

    @Test
    void ignoresFieldsAddedByNewerWriters() {
        Order order = JsonCodec.jackson().decode("{\"id\":1,\"status\":\"new\",\"at\":null,\"added\":true}", Order.class);
        assertThat(order.status()).isEqualTo("new");
    }

    @Test
    void decodesGenericTypes() throws Exception {
        List<Map<String, Integer>> value = JsonCodec.jackson().decode("[{\"a\":1}]",
                JsonCodecTest.class.getDeclaredField("sample").getGenericType());
        assertThat(value).containsExactly(Map.of("a", 1));
    }

    @Test
    void badJsonNamesTheTypeAndThePosition() {
        assertThatThrownBy(() -> JsonCodec.jackson().decode("{\"id\": \"x\"", Order.class))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageContaining(Order.class.getName())
                .hasMessageContaining("line 1");
    }

    @SuppressWarnings("unused")
    private List<Map<String, Integer>> sample;
}
