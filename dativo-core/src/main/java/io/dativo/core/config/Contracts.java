package io.dativo.core.config;

import static io.dativo.core.config.ConfigValues.intOr;
import static io.dativo.core.config.ConfigValues.map;
import static io.dativo.core.config.ConfigValues.str;
import static io.dativo.core.config.ConfigValues.strings;

import io.dativo.api.AssetDefinition;
import io.dativo.api.ConfigProblem;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YList;
import io.dativo.core.config.YNode.YMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Data contracts: the body of an ODCS contract (flat, or nested under {@code asset} with a {@code governance}
 * section) checked and turned into an {@link AssetDefinition}, and the job's partitioning checked against it.
 */
final class Contracts {

    private Contracts() {
    }

    /** The contract's body as plain values, governance folded into team and compliance; null when it is invalid. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(YNode tree, List<ConfigProblem> problems) {
        if (tree instanceof YMap m && m.get("asset") instanceof YMap && m.get("schema") == null) {
            Object checked = JobShapes.NESTED_ASSET.check(tree, "", problems);
            if (!(checked instanceof Map<?, ?> outer)) {
                return null;
            }
            Map<String, Object> a = new LinkedHashMap<>((Map<String, Object>) outer.get("asset"));
            Map<String, Object> gov = map(a.remove("governance"));
            Map<String, Object> team = new LinkedHashMap<>(map(a.get("team")));
            if (gov.get("owner") != null) {
                team.putIfAbsent("owner", gov.get("owner"));
            }
            a.put("team", team);
            Map<String, Object> compliance = new LinkedHashMap<>(map(a.get("compliance")));
            for (String k : List.of("classification", "retention_days", "regulations", "security")) {
                if (gov.get(k) != null) {
                    compliance.putIfAbsent(k, gov.get(k));
                }
            }
            a.put("compliance", compliance);
            if (gov.get("tags") != null && a.get("tags") == null) {
                a.put("tags", gov.get("tags"));
            }
            return a;
        }
        Object checked = JobShapes.ASSET_BODY.check(tree, "", problems);
        return checked instanceof Map<?, ?> a ? (Map<String, Object>) a : null;
    }

    static AssetDefinition definition(Map<String, Object> a, YNode tree, List<ConfigProblem> problems) {
        YNode schemaNode = tree instanceof YMap m ? (m.get("schema") != null ? m.get("schema")
                : m.get("asset") instanceof YMap inner ? inner.get("schema") : null) : null;
        List<FieldSpec> fields = new ArrayList<>();
        List<?> raw = a.get("schema") instanceof List<?> l ? l : List.of();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Map<String, Object> f = map(raw.get(i));
            YNode fieldNode = schemaNode instanceof YList sl && i < sl.items().size() ? sl.items().get(i) : tree;
            String path = (tree instanceof YMap m && m.get("asset") != null ? "asset." : "") + "schema[" + i + "]";
            String name = str(f, "name");
            String typeName = Optional.ofNullable(str(f, "type")).orElse(str(f, "logicalType"));
            if (name == null) {
                continue;
            }
            if (!seen.add(name)) {
                Shape.problem(problems, fieldNode.loc(), path + ".name", "field '" + name + "' is defined twice");
            }
            if (typeName == null) {
                Shape.problem(problems, fieldNode.loc(), path, "field '" + name + "' has no type");
                continue;
            }
            Optional<DataType> type = DataType.parse(typeName);
            if (type.isEmpty()) {
                Loc at = fieldNode instanceof YMap fm && fm.get("type") != null ? fm.get("type").loc() : fieldNode.loc();
                Shape.problem(problems, at, path + ".type", "unknown type '" + typeName + "'"
                        + Shape.didYouMean(typeName, DataType.names()));
                continue;
            }
            int precision = intOr(f.get("precision"), DataType.DEFAULT_PRECISION);
            int scale = intOr(f.get("scale"), f.get("precision") == null ? DataType.DEFAULT_SCALE : 0);
            if (type.get() == DataType.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
                Shape.problem(problems, fieldNode.loc(), path, "decimal field '" + name
                        + "' needs 1 <= precision <= 38 and 0 <= scale <= precision, found precision " + precision
                        + " and scale " + scale);
                continue;
            }
            fields.add(new FieldSpec(name, type.get(), Boolean.TRUE.equals(f.get("required")),
                    str(f, "classification"), str(f, "description"), precision, scale,
                    Boolean.TRUE.equals(f.get("primaryKey"))));
        }
        Map<String, Object> team = map(a.get("team"));
        Map<String, Object> compliance = map(a.get("compliance"));
        Object cls = compliance.get("classification");
        List<String> classification = cls instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : cls == null ? List.of() : List.of(cls.toString());
        Object retention = compliance.get("retention_days");
        return AssetDefinition.builder(str(a, "name")).version(Optional.ofNullable(str(a, "version")).orElse("1.0"))
                .domain(str(a, "domain")).dataProduct(str(a, "dataProduct")).tenant(str(a, "tenant"))
                .objectName(str(a, "object")).schema(fields).owner(str(team, "owner")).classification(classification)
                .retentionDays(retention instanceof Number n ? n.intValue() : null).tags(strings(a.get("tags")))
                .targetDefaults(map(a.get("target"))).build();
    }

    static void checkPartitioning(List<String> partitioning, AssetDefinition asset, YNode job,
                                  List<ConfigProblem> problems) {
        for (String col : partitioning) {
            if (!col.equals("ingest_date") && asset.field(col) == null) {
                Loc at = job instanceof YMap m && m.get("target") instanceof YMap t && t.get("partitioning") != null
                        ? t.get("partitioning").loc() : job.loc();
                Shape.problem(problems, at, "target.partitioning", "partition column '" + col
                        + "' is not a field of asset '" + asset.name() + "'"
                        + Shape.didYouMean(col, asset.schema().stream().map(FieldSpec::name).toList()));
            }
        }
    }
}
