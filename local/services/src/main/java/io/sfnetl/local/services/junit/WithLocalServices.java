package io.sfnetl.local.services.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class with {@link LocalServicesExtension}: one shared in-memory
 * {@link io.sfnetl.local.services.LocalServices} per test JVM, injected as a constructor, lifecycle or test
 * method parameter.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalServicesExtension.class)
public @interface WithLocalServices {
}
