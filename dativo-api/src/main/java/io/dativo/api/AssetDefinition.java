package io.dativo.api;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A data contract: the asset's identity, schema and governance metadata. Build one with {@link #builder(String)} or
 * {@link #of(String, List)}; change a copy with {@link #toBuilder()}.
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
        return builder(name).schema(schema).build();
    }

    /**
     * A builder of a contract named {@code name}, version {@code 1.0}, with no fields yet.
     *
     * @since 0.2
     */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /**
     * A builder holding this contract's values.
     *
     * @since 0.2
     */
    public Builder toBuilder() {
        return new Builder().name(name).version(version).domain(domain).dataProduct(dataProduct).tenant(tenant)
                .objectName(objectName).schema(schema).owner(owner).classification(classification)
                .retentionDays(retentionDays).tags(tags).targetDefaults(targetDefaults);
    }

    /**
     * This contract with {@code fields} as its schema.
     *
     * @since 0.2
     */
    public AssetDefinition withSchema(List<FieldSpec> fields) {
        return toBuilder().schema(fields).build();
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

    /**
     * The names of the primary key's fields, in schema order; empty when the contract declares none.
     *
     * @since 0.2
     */
    public List<String> primaryKey() {
        return schema.stream().filter(FieldSpec::primaryKey).map(FieldSpec::name).toList();
    }

    /**
     * Collects a contract's values; unset values take the defaults of {@link AssetDefinition#of(String, List)}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private String name;
        private String version = "1.0";
        private String domain;
        private String dataProduct;
        private String tenant;
        private String objectName;
        private List<FieldSpec> schema = List.of();
        private String owner;
        private List<String> classification = List.of();
        private Integer retentionDays;
        private List<String> tags = List.of();
        private Map<String, Object> targetDefaults = Map.of();

        private Builder() {
        }

        /** The asset name. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** The contract version. */
        public Builder version(String value) {
            this.version = value;
            return this;
        }

        /** The domain. */
        public Builder domain(String value) {
            this.domain = value;
            return this;
        }

        /** The data product. */
        public Builder dataProduct(String value) {
            this.dataProduct = value;
            return this;
        }

        /** The tenant named in the contract. */
        public Builder tenant(String value) {
            this.tenant = value;
            return this;
        }

        /** The source object the contract describes. */
        public Builder objectName(String value) {
            this.objectName = value;
            return this;
        }

        /** The fields. */
        public Builder schema(List<FieldSpec> value) {
            this.schema = value;
            return this;
        }

        /** The owning team. */
        public Builder owner(String value) {
            this.owner = value;
            return this;
        }

        /** Classifications such as {@code PII}. */
        public Builder classification(List<String> value) {
            this.classification = value;
            return this;
        }

        /** How long data is kept, in days. */
        public Builder retentionDays(Integer value) {
            this.retentionDays = value;
            return this;
        }

        /** Free tags. */
        public Builder tags(List<String> value) {
            this.tags = value;
            return this;
        }

        /** The contract's {@code target} block. */
        public Builder targetDefaults(Map<String, Object> value) {
            this.targetDefaults = value;
            return this;
        }

        /** The contract. */
        public AssetDefinition build() {
            return new AssetDefinition(name, version, domain, dataProduct, tenant, objectName, schema, owner,
                    classification, retentionDays, tags, targetDefaults);
        }
    }
}
