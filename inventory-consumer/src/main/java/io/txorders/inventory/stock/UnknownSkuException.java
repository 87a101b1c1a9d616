package io.txorders.inventory.stock;

/** No stock record exists for the SKU. */
public class UnknownSkuException extends RuntimeException {

    public UnknownSkuException(String sku) {
        super("unknown SKU " + sku);
    }
}
