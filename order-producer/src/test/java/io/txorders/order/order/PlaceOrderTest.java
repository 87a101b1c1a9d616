package io.txorders.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaceOrderTest {

    private static final OrderItem ITEM = new OrderItem("SKU-1", 1, BigDecimal.TEN);

    @Test
    void anOrderWithoutItemsIsRefused() {
        assertThatThrownBy(() -> new PlaceOrder(1, List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderWithMoreThanFiftyItemsIsRefused() {
        assertThatThrownBy(() -> new PlaceOrder(1, Collections.nCopies(51, ITEM), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderNamingOneSkuTwiceIsRefused() {
        List<OrderItem> twice = List.of(ITEM, new OrderItem("SKU-2", 1, BigDecimal.ONE), new OrderItem("SKU-1", 3,
                BigDecimal.ONE));

        assertThat(PlaceOrder.firstRepeatedSku(twice)).contains("SKU-1");
        assertThatThrownBy(() -> new PlaceOrder(1, twice, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SKU-1");
    }

    @Test
    void aTotalBeyondWhatTheOrderRowHoldsIsRefused() {
        List<OrderItem> atTheLimit = List.of(new OrderItem("A", 1, PlaceOrder.MAX_TOTAL));
        List<OrderItem> beyond = List.of(new OrderItem("A", 1000, new BigDecimal("1000000000.00")));

        assertThat(new PlaceOrder(1, atTheLimit, Optional.empty()).totalAmount()).isEqualByComparingTo(PlaceOrder.MAX_TOTAL);
        assertThatThrownBy(() -> new PlaceOrder(1, beyond, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlankSkuIsNotAnItem() {
        assertThatThrownBy(() -> new OrderItem("\u2003", 1, BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNonPositiveUserIsRefused() {
        assertThatThrownBy(() -> new PlaceOrder(0, List.of(ITEM), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFingerprintIgnoresTrailingZerosButNotContent() {
        PlaceOrder a = new PlaceOrder(1, List.of(new OrderItem("SKU-1", 1, new BigDecimal("10.0"))), Optional.empty());
        PlaceOrder b = new PlaceOrder(1, List.of(new OrderItem("SKU-1", 1, new BigDecimal("10"))), Optional.of("k"));
        PlaceOrder c = new PlaceOrder(1, List.of(new OrderItem("SKU-1", 2, new BigDecimal("10"))), Optional.of("k"));

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    }

    @Test
    void aSkuThatContainsTheSeparatorsOfAnotherRequestDoesNotShareItsFingerprint() {
        PlaceOrder oneOddSku = new PlaceOrder(1, List.of(new OrderItem("A×1@1|B", 1, BigDecimal.ONE)), Optional.of("k"));
        PlaceOrder twoSkus = new PlaceOrder(1, List.of(new OrderItem("A", 1, BigDecimal.ONE),
                new OrderItem("B", 1, BigDecimal.ONE)), Optional.of("k"));
        PlaceOrder digitsInSku = new PlaceOrder(1, List.of(new OrderItem("1:A", 1, BigDecimal.ONE)), Optional.of("k"));
        PlaceOrder otherUser = new PlaceOrder(11, List.of(new OrderItem(":A", 1, BigDecimal.ONE)), Optional.of("k"));

        assertThat(oneOddSku.fingerprint()).isNotEqualTo(twoSkus.fingerprint());
        assertThat(oneOddSku.hasFingerprint(twoSkus.fingerprint())).isFalse();
        assertThat(twoSkus.hasFingerprint(oneOddSku.fingerprint())).isFalse();
        assertThat(digitsInSku.fingerprint()).isNotEqualTo(otherUser.fingerprint());
    }

    @Test
    void aRetryAcrossTheUpgradeMatchesTheFingerprintTheOldVersionStoredUnlessItWasAmbiguous() throws Exception {
        // What the previous form stored for user 1, SKU-1 x 2 at 10.50: sha256("1|SKU-1×2@10.5").
        String storedBefore = "ee5d15cd973db7a534642d867b19e79f740a62893f02477057c2ab079c29e000";
        PlaceOrder retry = new PlaceOrder(1, List.of(new OrderItem("SKU-1", 2, new BigDecimal("10.50"))), Optional.of("k"));
        PlaceOrder other = new PlaceOrder(1, List.of(new OrderItem("SKU-1", 3, new BigDecimal("10.50"))), Optional.of("k"));

        assertThat(retry.hasFingerprint(storedBefore)).isTrue();
        assertThat(other.hasFingerprint(storedBefore)).isFalse();
        assertThat(retry.hasFingerprint(retry.fingerprint())).isTrue();
        PlaceOrder ambiguous = new PlaceOrder(1, List.of(new OrderItem("A×1@1|B", 1, BigDecimal.ONE)), Optional.of("k"));
        assertThat(ambiguous.hasFingerprint(previousForm("1|A×1@1|B×1@1"))).isFalse();
    }

    private static String previousForm(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
