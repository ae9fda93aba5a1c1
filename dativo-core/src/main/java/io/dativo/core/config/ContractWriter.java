package io.dativo.core.config;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;

/**
 * Writes a data contract (ODCS YAML, the format the job loader reads through {@code asset_path}) from a discovered
 * object or an asset definition: each field's name, type, whether it is required, a decimal's precision and scale,
 * primary key membership, classification and description. What it writes loads back into the same fields. The
 * command line's {@code discover --write-asset} writes through it, and a host application can call it the same way.
 */
public final class ContractWriter {

    private ContractWriter() {
    }

    /** The draft contract of {@code object}: named after it and reading it as its object. */
    public static String yaml(DiscoveredObject object) {
        return yaml(AssetDefinition.builder(object.name()).objectName(object.name()).schema(object.fields())
                .build());
    }

    /** The contract of {@code asset}, with status {@code draft}. */
    public static String yaml(AssetDefinition asset) {
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: v3.0.2\nkind: DataContract\nname: ").append(quoted(asset.name()))
                .append("\nversion: ").append(quoted(asset.version() == null ? "1.0" : asset.version()))
                .append("\nstatus: draft\n");
        if (asset.objectName() != null) {
            y.append("object: ").append(quoted(asset.objectName())).append('\n');
        }
        y.append("schema:\n");
        for (FieldSpec f : asset.schema()) {
            y.append("  - name: ").append(quoted(f.name())).append("\n    type: ").append(f.type().contractName())
                    .append("\n    required: ").append(f.required()).append('\n');
            if (f.type() == DataType.DECIMAL) {
                y.append("    precision: ").append(f.precision()).append("\n    scale: ").append(f.scale())
                        .append('\n');
            }
            if (f.primaryKey()) {
                y.append("    primaryKey: true\n");
            }
            if (f.classification() != null) {
                y.append("    classification: ").append(quoted(f.classification())).append('\n');
            }
            if (f.description() != null) {
                y.append("    description: ").append(quoted(f.description())).append('\n');
            }
        }
        return y.toString();
    }

    /** {@code text} as a double-quoted YAML scalar, so that any column name reads back as written. */
    static String quoted(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
