package io.sfnetl.etl.rules.internal;

import io.sfnetl.etl.rules.RowRule;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Loads {@link RowRule} classes named by a spec. */
public final class RuleLoader {
    private static final String DEFAULT_PACKAGE = "io.sfnetl.etl.rules.";

    private RuleLoader() {
    }

    /** The class name a spec entry means: a simple name is looked up in {@code io.sfnetl.etl.rules}. */
    public static String className(String specName) {
        return specName.contains(".") ? specName : DEFAULT_PACKAGE + specName;
    }

    /**
     * Loads and checks the class without instantiating it.
     *
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public static Class<? extends RowRule> load(String specName) {
        String name = className(specName);
        Class<?> c;
        try {
            c = Class.forName(name, false, RuleLoader.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("rule class " + name + " is not on the class path: "
                    + "check the name, or add the jar that holds it to the Lambda");
        }
        if (!RowRule.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("rule class " + name + " does not implement " + RowRule.class.getName());
        }
        if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
            throw new IllegalArgumentException("rule class " + name + " must be public and concrete");
        }
        try {
            c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("rule class " + name + " needs a public no-argument constructor");
        }
        return c.asSubclass(RowRule.class);
    }

    /** @throws IllegalArgumentException when the class cannot be loaded or constructed */
    public static RowRule instantiate(String specName) {
        Class<? extends RowRule> c = load(specName);
        try {
            return c.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("rule class " + c.getName() + " failed in its constructor: "
                    + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("rule class " + c.getName() + " cannot be instantiated: " + e);
        }
    }
}
