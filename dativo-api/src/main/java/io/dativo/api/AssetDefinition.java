package io.dativo.api;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A data contract: the asset's identity, schema and governance metadata.
 *
 * @param name           the asset name; the last directory of the output path
 * @param version        the contract version
 * @param domain         the domain; a directory of the output path
 * @param dataProduct    the data product; a directory of the output path
 * @param tenant         the tenant named in the contract, or {@code null}
 * @param objectName     the source object the contract describes, or {@code null}
 * @param schema         the fields
 * @param owner          the owning team, or {@code null}
 * @param classification classifications such as {@code PII}
 * @param retentionDays  how long data is kept, or {@code null}
 * @param tags           free tags
 * @param targetDefaults the contract's {@code target} block: {@code file_format}, {@code partitioning}, {@code mode}
 * @since 0.1
 */
public record AssetDefinition(String name, String version, String domain, String dataProduct, String tenant,
                              String objectName, List<FieldSpec> schema, String owner, List<String> classification,
                              Integer retentionDays, List<String> tags, Map<String, Object> targetDefaults) {

    /** Copies the collections so the value cannot change. */
    public AssetDefinition {
        schema = List.copyOf(schema);
        classification = classification == null ? List.of() : List.copyOf(classification);
        tags = tags == null ? List.of() : List.copyOf(tags);
        targetDefaults = Maps.copy(targetDefaults);
    }

    /** A contract with a name and fields only. */
    public static AssetDefinition of(String name, List<FieldSpec> schema) {
        return new AssetDefinition(name, "1.0", null, null, null, null, schema, null, List.of(), null, List.of(),
                Map.of());
    }

    /** The Arrow schema of validated batches. */
    public Schema arrowSchema() {
        return new Schema(schema.stream().map(FieldSpec::arrowField).toList());
    }

    /** The field named {@code name}, or {@code null}. */
    public FieldSpec field(String name) {
        for (FieldSpec f : schema) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
