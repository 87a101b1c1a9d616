package io.txorders.order.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.txorders.messaging.contract.Sku;
import io.txorders.messaging.web.ProblemResponse;
import io.txorders.order.order.CancelReason;
import io.txorders.order.order.OrderItem;
import io.txorders.order.order.OrderService;
import io.txorders.order.order.PlaceOrder;
import io.txorders.order.order.Placement;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code /orders}: place and read orders. Errors are {@code application/problem+json} (see {@link OrderProblemHandler}). */
@RestController
class OrderController {

    /** Visible ASCII, 1–128 characters: what clients use for UUIDs, ULIDs and request hashes. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /**
     * Places an order: {@code 201} with {@code Location} for a new one; {@code 200} with the same order when
     * the {@code Idempotency-Key} was seen before for this user and request.
     */
    @PostMapping("/orders")
    @ApiResponse(responseCode = "201", description = "Placed: a new PENDING order", headers = @Header(name = "Location",
            description = "the order, e.g. /orders/ORD-1", schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderResponse.class)))
    @ApiResponse(responseCode = "200", description = "The Idempotency-Key was seen before with the same request: the "
            + "same order", headers = @Header(name = "Location", schema = @Schema(type = "string",
            format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderResponse.class)))
    @ProblemResponse(status = 422, description = "The Idempotency-Key was used for another request of this user")
    ResponseEntity<OrderResponse> place(@Valid @RequestBody PlaceOrderRequest request,
                                        @Parameter(description = "makes a retried placement return the first order "
                                                + "instead of placing a second one; scoped to the user",
                                                schema = @Schema(pattern = "^[\\x21-\\x7E]{1,128}$"))
                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidRequestException("Idempotency-Key", "must be 1 to 128 visible ASCII characters");
        }
        List<OrderItem> items = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            PlaceOrderRequest.Item item = request.items().get(i);
            // What is stored is validated: @NotBlank lets through a SKU of Unicode spaces only, which is "" stripped.
            String sku = Sku.stripSpace(item.sku());
            if (sku.isEmpty()) {
                throw new InvalidRequestException("items[" + i + "].sku", "must not be blank");
            }
            items.add(new OrderItem(sku, item.quantity(), item.unitPrice()));
        }
        Optional<String> repeated = PlaceOrder.firstRepeatedSku(items);
        if (repeated.isPresent()) {
            throw new InvalidRequestException("items", "names SKU " + repeated.get() + " more than once: give each "
                    + "SKU one line with the whole quantity");
        }
        if (PlaceOrder.totalOf(items).compareTo(PlaceOrder.MAX_TOTAL) > 0) {
            throw new InvalidRequestException("items", "the order total (quantity × unitPrice over all lines) must "
                    + "not exceed " + PlaceOrder.MAX_TOTAL.toPlainString());
        }
        PlaceOrder command = new PlaceOrder(request.userId(), items, Optional.ofNullable(idempotencyKey));
        Placement placement = orders.place(command);
        OrderResponse body = OrderResponse.of(placement.order());
        URI location = URI.create("/orders/" + placement.order().orderNo());
        return ResponseEntity.status(placement.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(location)
                .body(body);
    }

    /**
     * The payment provider's success callback (simulated): RESERVED → PAID. {@code 409} when the order is not
     * RESERVED — pending, cancelled, or already paid (a repeated callback gets 409, never a second OrderPaid).
     */
    @PostMapping("/orders/{orderNo}/pay")
    @ProblemResponse(status = 404, description = "No order with that number")
    @ProblemResponse(status = 409, description = "The order is not RESERVED, or its payment deadline has passed")
    OrderResponse pay(@PathVariable String orderNo) {
        return OrderResponse.of(orders.pay(orderNo));
    }

    /** The customer cancels: PENDING/RESERVED → CANCELLED(USER). {@code 409} when PAID or already CANCELLED. */
    @PostMapping("/orders/{orderNo}/cancel")
    @ProblemResponse(status = 404, description = "No order with that number")
    @ProblemResponse(status = 409, description = "The order is PAID or already CANCELLED")
    OrderResponse cancel(@PathVariable String orderNo) {
        orders.cancel(orderNo, CancelReason.USER, null);
        return OrderResponse.of(orders.get(orderNo));
    }

    @GetMapping("/orders/{orderNo}")
    @ProblemResponse(status = 404, description = "No order with that number")
    OrderResponse get(@PathVariable String orderNo) {
        return OrderResponse.of(orders.get(orderNo));
    }
}
