package io.txorders.e2e;

import io.txorders.devstack.ServiceProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The operations a service documents in its {@code /v3/api-docs}: tests that must cover every endpoint enumerate them
 * from there, so an endpoint added later is covered without touching the tests.
 */
final class DocumentedOperations {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private DocumentedOperations() {
    }

    /** One documented operation of one service, e.g. {@code order-producer POST /orders/{orderNo}/pay}. */
    record Operation(ServiceProcess service, String method, String path, boolean hasBody) {

        boolean isAdmin() {
            return path.startsWith("/admin") || path.startsWith("/webhooks") || method.equals("PUT")
                    && path.startsWith("/stock");
        }

        /** The path variable names in order, e.g. {@code [orderNo]}. */
        List<String> variables() {
            List<String> names = new ArrayList<>();
            for (int i = path.indexOf('{'); i >= 0; i = path.indexOf('{', i + 1)) {
                names.add(path.substring(i + 1, path.indexOf('}', i)));
            }
            return names;
        }

        @Override
        public String toString() {
            return service.name() + " " + method + " " + path;
        }
    }

    static List<Operation> of(Platform platform, ServiceProcess service) {
        Platform.Response docs = platform.get(service, "/v3/api-docs");
        if (docs.status() != 200) {
            throw new IllegalStateException(service.name() + " /v3/api-docs answered " + docs.status());
        }
        List<Operation> operations = new ArrayList<>();
        JsonNode paths = docs.json().path("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                if (METHODS.contains(method)) {
                    operations.add(new Operation(service, method.toUpperCase(Locale.ROOT), path,
                            paths.path(path).path(method).has("requestBody")));
                }
            }
        }
        return operations;
    }

    /** Every documented operation of the three services (the second order-producer instance is the same API). */
    static List<Operation> ofAllServices(Platform platform) {
        List<Operation> all = new ArrayList<>();
        for (ServiceProcess service : List.of(platform.orders, platform.inventory, platform.points)) {
            all.addAll(of(platform, service));
        }
        return all;
    }
}
