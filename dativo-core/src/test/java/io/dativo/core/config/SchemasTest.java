package io.dativo.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The published JSON Schemas are the shapes the loader enforces. */
class SchemasTest {

    @Test
    void publishedSchemasMatchTheLoader() throws Exception {
        Files.createDirectories(Path.of("target"));
        for (String kind : Schemas.KINDS) {
            Files.writeString(Path.of("target", kind + ".schema.json"), Schemas.render(kind));
        }
        for (String kind : Schemas.KINDS) {
            String rendered = Schemas.render(kind);
            try (InputStream in = Schemas.class.getResourceAsStream(Schemas.resource(kind))) {
                assertThat(in).as("%s is packaged", Schemas.resource(kind)).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as("%s is out of date; copy target/%s.schema.json over it", Schemas.resource(kind), kind)
                        .isEqualTo(rendered);
            }
        }
    }

    @Test
    void jobSchemaDescribesTheKeysTheLoaderKnows() throws Exception {
        JsonNode job = new ObjectMapper().readTree(Schemas.render("job"));
        assertThat(job.at("/required").toString()).contains("tenant_id", "asset_path", "source", "target");
        assertThat(job.at("/properties/source/properties/files/items/required").toString()).contains("path");
        assertThat(job.at("/properties/schema_validation_mode/anyOf/0/enum").toString())
                .isEqualTo("[\"strict\",\"warn\",\"quarantine\"]");
        assertThat(job.at("/properties/target/additionalProperties").asBoolean(true)).isFalse();
    }
}
