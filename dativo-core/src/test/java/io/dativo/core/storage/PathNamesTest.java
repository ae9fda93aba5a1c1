package io.dativo.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathNamesTest {

    @Test
    void aLocationIsBelowAFolderOnlyAfterASeparator() {
        assertThat(PathNames.below("s3://b/raw", "s3://b/raw/x/y.csv")).isEqualTo("x/y.csv");
        assertThat(PathNames.below("s3://b/raw/", "s3://b/raw/y.csv")).isEqualTo("y.csv");
        assertThat(PathNames.below("C:\\data", "C:\\data\\y.csv")).isEqualTo("y.csv");
        assertThat(PathNames.below("/data", "/data")).isNull();
        assertThat(PathNames.below("/data", "/data/")).isNull();
        assertThat(PathNames.below("/data", "/database/y.csv")).isNull();
        assertThat(PathNames.below("/data", "/other/data/y.csv")).isNull();
        assertThat(PathNames.below("", "y.csv")).isEqualTo("y.csv");
    }

    @Test
    void valuesStayOnePathSegment() {
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put("region", "eu/west");
        partition.put("day", "..");
        partition.put("empty", "");
        assertThat(PathNames.pathOf(partition)).isEqualTo("region=eu%2Fwest/day=%2E%2E/empty=");
        assertThat(PathNames.escape("")).isEqualTo("%20");
    }
}
