package io.txorders.order.web;

import io.txorders.messaging.web.AdminOnly;
import io.txorders.messaging.web.ProblemResponse;
import io.txorders.order.messaging.FaultInjection;
import io.txorders.order.messaging.FaultMode;
import java.util.Arrays;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Switches the simulated transactional-publish fault at run time, for {@code scripts/checkback-sim.sh}.
 * Needs the admin token, and answers 404 unless {@code order.fault.switchable=true}: a production instance
 * cannot be made to misbehave over HTTP.
 */
@AdminOnly
@RestController
@RequestMapping("/admin/fault-mode")
class FaultInjectionController {

    private final FaultInjection faults;

    FaultInjectionController(FaultInjection faults) {
        this.faults = faults;
    }

    /** The request body: {@code {"mode":"SKIP_END_AFTER_COMMIT"}}. */
    record FaultModeRequest(String mode) {
    }

    @GetMapping
    @ProblemResponse(status = 404, description = "Fault injection cannot be switched on this instance")
    Map<String, Object> current() {
        requireSwitchable();
        return Map.of("mode", faults.mode().name());
    }

    @PutMapping
    @ProblemResponse(status = 404, description = "Fault injection cannot be switched on this instance")
    Map<String, Object> change(@RequestBody FaultModeRequest request) {
        requireSwitchable();
        FaultMode mode = Arrays.stream(FaultMode.values())
                .filter(m -> request != null && m.name().equals(request.mode()))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "mode must be one of " + Arrays.toString(FaultMode.values())));
        faults.set(mode);
        return Map.of("mode", mode.name());
    }

    private void requireSwitchable() {
        if (!faults.switchable()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "fault injection cannot be switched on this instance (order.fault.switchable=false)");
        }
    }
}
