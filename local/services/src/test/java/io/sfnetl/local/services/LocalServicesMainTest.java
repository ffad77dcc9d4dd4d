package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalServicesMainTest {

    @Test
    void parse_directory_persistentOptions() {
        assertThat(LocalServicesMain.parse(new String[] {".etl"}))
                .isEqualTo(new LocalServices.Options(Path.of(".etl"), true));
    }

    @Test
    void parse_inMemory_noDataDir() {
        assertThat(LocalServicesMain.parse(new String[] {"--in-memory"}).dataDir()).isNull();
    }

    @Test
    void parse_help_null() {
        assertThat(LocalServicesMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void parse_noArguments_throwsWithUsage() {
        assertThatThrownBy(() -> LocalServicesMain.parse(new String[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected exactly one argument, got 0")
                .hasMessageContaining("Usage: LocalServicesMain DATA_DIR | --in-memory");
    }

    @Test
    void parse_unknownOption_throwsNamingIt() {
        assertThatThrownBy(() -> LocalServicesMain.parse(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option --port");
    }
}
