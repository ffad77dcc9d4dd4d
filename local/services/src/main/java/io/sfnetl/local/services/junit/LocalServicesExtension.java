package io.sfnetl.local.services.junit;

import io.sfnetl.local.services.LocalServices;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link LocalServices} parameter (constructor, {@code @BeforeAll}/{@code @BeforeEach}, test
 * method). One in-memory instance is started lazily for the whole test JVM, shared by every test class
 * that uses the extension, and closed when JUnit closes the root context at the end of the run.
 *
 * <p>Tests share the services: use distinct bucket and table names (for example with a random suffix)
 * rather than expecting empty stores. Use it with {@code @ExtendWith(LocalServicesExtension.class)} or
 * {@link WithLocalServices}. Thread-safe: parallel test classes get the same instance.
 */
public final class LocalServicesExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalServicesExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalServices.class;
    }

    @Override
    public LocalServices resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return shared(extensionContext);
    }

    /** The JVM-wide instance, started on first use. */
    public static LocalServices shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedServices.class, key -> new SharedServices(), SharedServices.class)
                .services();
    }

    /**
     * Holder that JUnit closes with the root context. Implements the deprecated {@code CloseableResource} as
     * well as {@link AutoCloseable} so that it is closed exactly once on JUnit 5.x whatever
     * {@code junit.jupiter.extensions.store.close.autocloseable.enabled} says.
     */
    @SuppressWarnings("deprecation")
    private static final class SharedServices implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        private final LocalServices services = LocalServices.start(LocalServices.Options.inMemory());

        LocalServices services() {
            return services;
        }

        @Override
        public void close() {
            services.close(); // idempotent, so a second close by another mechanism is harmless
        }
    }
}
