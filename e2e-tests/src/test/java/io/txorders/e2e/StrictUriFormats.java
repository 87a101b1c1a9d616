package io.txorders.e2e;

import com.atlassian.oai.validator.schema.SwaggerV20Library;
import com.github.fge.jackson.NodeType;
import com.github.fge.jsonschema.cfg.ValidationConfiguration;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.ListReportProvider;
import com.github.fge.jsonschema.core.report.LogLevel;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.format.AbstractFormatAttribute;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import com.github.fge.jsonschema.processors.data.FullData;
import com.github.fge.msgsimple.bundle.MessageBundle;
import com.github.fge.msgsimple.load.MessageBundles;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * swagger-request-validator's JSON Schema factory with the formats {@code uri} and {@code uri-reference} as RFC 3986
 * and JSON Schema define them: its draft-4 library accepts any URI reference as a {@code uri}, so a relative
 * {@code instance} such as {@code /orders} would pass a schema that promises an absolute URI — the mismatch issue 19
 * found. Only these two formats change; everything else is the library's own.
 */
final class StrictUriFormats {

    private StrictUriFormats() {
    }

    static JsonSchemaFactory schemaFactory() {
        return JsonSchemaFactory.newBuilder()
                .setValidationConfiguration(ValidationConfiguration.newBuilder()
                        .setDefaultLibrary(SwaggerV20Library.OAI_V2_METASCHEMA_URI, SwaggerV20Library.get().thaw()
                                .addFormatAttribute("uri", new UriFormat("uri", true))
                                .addFormatAttribute("uri-reference", new UriFormat("uri-reference", false))
                                .freeze())
                        .setSyntaxMessages(MessageBundles.getBundle(SwaggerV20Library.SyntaxBundle.class))
                        .setValidationMessages(MessageBundles.getBundle(SwaggerV20Library.ValidationBundle.class))
                        .freeze())
                .setReportProvider(new ListReportProvider(LogLevel.ERROR, LogLevel.FATAL))
                .freeze();
    }

    private static final class UriFormat extends AbstractFormatAttribute {

        private final String name;
        private final boolean absolute;

        UriFormat(String name, boolean absolute) {
            super(name, NodeType.STRING);
            this.name = name;
            this.absolute = absolute;
        }

        @Override
        public void validate(ProcessingReport report, MessageBundle bundle, FullData data) throws ProcessingException {
            String value = data.getInstance().getNode().textValue();
            try {
                if (!absolute || new URI(value).isAbsolute()) {
                    return;
                }
            } catch (URISyntaxException notAReference) {
                // reported below
            }
            report.error(newMsg(data, bundle, "err.format.invalidURI").putArgument("value", value)
                    .setMessage("string \"" + value + "\" is not a valid " + (absolute ? "absolute URI" : "URI reference")
                            + " (format " + name + ")"));
        }
    }
}
