package dev.justpg.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
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
        Order order = JacksonJsonCodec.defaults()
                .decode("{\"id\":1,\"status\":\"new\",\"at\":null,\"added\":true}", Order.class);
        assertThat(order.status()).isEqualTo("new");
    }

    @Test
    void decodesGenericTypes() throws Exception {
        List<Map<String, Integer>> value = JacksonJsonCodec.defaults().decode("[{\"a\":1}]",
                JsonCodecTest.class.getDeclaredField("sample").getGenericType());
        assertThat(value).containsExactly(Map.of("a", 1));
    }

    @Test
    void badJsonNamesTheTypeAndThePosition() {
        assertThatThrownBy(() -> JacksonJsonCodec.defaults().decode("{\"id\": \"x\"", Order.class))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageContaining(Order.class.getName())
                .hasMessageContaining("line 1");
    }

    @Test
    void theInterfaceLoadsWithoutJacksonAndSaysWhatToAdd() throws Exception {
        URL core = JsonCodec.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader noJackson = new URLClassLoader(new URL[] {core}, ClassLoader.getPlatformClassLoader())) {
            Class<?> codec = Class.forName(JsonCodec.class.getName(), true, noJackson);
            assertThat(codec.getClassLoader()).isSameAs(noJackson);
            assertThatThrownBy(() -> {
                try {
                    codec.getMethod("defaultCodec").invoke(null);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }).hasMessageContaining("no JSON codec").hasMessageContaining("jackson-databind")
                    .hasMessageContaining("META-INF/services");
        }
    }

    @Test
    void aCodecOverTheCallersMapperUsesIt() {
        JsonCodec codec = JacksonJsonCodec.of(new ObjectMapper());
        assertThatThrownBy(() -> codec.encode(new Order(1, "x", Instant.EPOCH)))
                .isInstanceOf(JsonCodecException.class).hasMessageContaining("could not encode");
    }

    @SuppressWarnings("unused")
    private List<Map<String, Integer>> sample;
}
