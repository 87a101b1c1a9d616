package io.txorders.order;

import io.txorders.testsupport.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** Package by feature, adapters at the edge: the rules every service keeps ({@link ServiceArchitecture}). */
class ArchitectureTest {

    @Test
    void brokerAndPersistenceTypesStayInTheirAdaptersAndTheDomainHoldsTheRules() {
        ServiceArchitecture.check("io.txorders.order", "order", "webhook");
    }
}
