package io.txorders.inventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** inventory-consumer: stock reservations, confirmations and releases; answers order-producer through an outbox. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class InventoryConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryConsumerApplication.class, args);
    }
}
