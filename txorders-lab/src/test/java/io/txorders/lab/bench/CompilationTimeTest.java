package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading {@code jvm.compilation.time} from a service's Actuator answer. */
class CompilationTimeTest {

    @Test
    void readsTheCounterOfAServiceAnswerInMilliseconds() {
        // As order-producer answers (Spring Boot 4, Micrometer's JvmCompilationMetrics).
        String answer = """
                {"availableTags":[{"tag":"application","values":["order-producer"]},{"tag":"compiler",\
                "values":["HotSpot 64-Bit Tiered Compilers"]}],"baseUnit":"ms","description":"The approximate \
                accumulated elapsed time spent in compilation","measurements":[{"statistic":"COUNT",\
                "value":372788.0}],"name":"jvm.compilation.time"}""";

        assertThat(CompilationTime.totalMillis(answer)).hasValue(372788.0);
    }

    @Test
    void aTimerLikeAnswerInSecondsIsConverted() {
        assertThat(CompilationTime.totalMillis("""
                {"baseUnit":"seconds","measurements":[{"statistic":"COUNT","value":3.0},\
                {"statistic":"TOTAL_TIME","value":12.5}]}""")).hasValue(12500.0);
    }

    @Test
    void anAnswerWithoutATotalOrInAnotherUnitGivesNothing() {
        assertThat(CompilationTime.totalMillis("{\"baseUnit\":\"ms\",\"measurements\":[]}")).isEmpty();
        assertThat(CompilationTime.totalMillis("{\"baseUnit\":\"bytes\",\"measurements\":[{\"statistic\":\"COUNT\","
                + "\"value\":1.0}]}")).isEmpty();
    }
}
