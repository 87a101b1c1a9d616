package io.txorders.messaging.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SkuTest {

    /** Compiled as Bean Validation's {@code @Pattern} compiles it: no flags. */
    private static final Pattern NO_SPACE_AT_EITHER_END = Pattern.compile(Sku.NO_SPACE_AT_EITHER_END);

    @Test
    void stripsSpaceOfEveryKindAtEitherEndOnly() {
        assertThat(Sku.stripSpace(" \t SKU-1\n")).isEqualTo("SKU-1");
        assertThat(Sku.stripSpace("\u00A0SKU 1\u202F")).isEqualTo("SKU 1");
        assertThat(Sku.stripSpace("\u2007 \u00A0")).isEmpty();
        assertThat(Sku.stripSpace("")).isEmpty();
    }

    /** Above the BMP no character is space of either kind: a surrogate pair, or a lone surrogate, is kept by both. */
    @Test
    void supplementaryCharactersAndLoneSurrogatesAreNotSpaceToEitherForm() {
        for (String sku : new String[] {"\uD83D\uDE00SKU", "SKU\uD83D\uDE00", "\uD83DSKU", "SKU\uDE00"}) {
            assertThat(Sku.stripSpace(sku)).isEqualTo(sku);
            assertThat(NO_SPACE_AT_EITHER_END.matcher(sku).matches()).as(sku).isTrue();
        }
    }

    /** Every character of the Basic Multilingual Plane, at either end and inside: the two forms never disagree. */
    @Test
    void thePatternAcceptsExactlyTheSkusThatStripSpaceLeavesAsTheyAre() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            for (String sku : new String[] {c + "SKU", "SKU" + c, "S" + c + "U", String.valueOf(c)}) {
                boolean unchanged = !sku.isEmpty() && Sku.stripSpace(sku).equals(sku);
                assertThat(NO_SPACE_AT_EITHER_END.matcher(sku).matches())
                        .as("U+%04X in %s", (int) c, sku.replace(c, '?'))
                        .isEqualTo(unchanged);
            }
        }
    }
}
