package io.txorders.points.web;

import io.txorders.points.points.PointsBalance;
import io.txorders.points.points.PointsService;
import jakarta.validation.constraints.Positive;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /points/{userId}}: balance and ledger entries (balance 0 for a user never seen). */
@RestController
class PointsController {

    private final PointsService points;

    PointsController(PointsService points) {
        this.points = points;
    }

    @GetMapping("/points/{userId}")
    PointsBalance balance(@PathVariable @Positive long userId) {
        return points.balance(userId);
    }
}
