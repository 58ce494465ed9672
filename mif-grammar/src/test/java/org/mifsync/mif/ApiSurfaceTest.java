package org.mifsync.mif;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * ANTLR stays behind a door: no public type of {@code org.mifsync.mif} shows an ANTLR type (or a
 * type of the internal packages where the generated code and the relocated runtime live) in what
 * it extends, implements, takes, returns, throws or exposes as a field. That is what lets the jar
 * carry ANTLR relocated without an API change.
 */
class ApiSurfaceTest {

    private static boolean hidden(JavaClass type) {
        JavaClass base = type.getBaseComponentType();
        return base.getPackageName().startsWith("org.antlr") || base.getPackageName().startsWith("org.mifsync.mif.internal");
    }

    @Test
    void noAntlrTypeInThePublicApi() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.mifsync.mif");
        List<JavaClass> api = classes.stream().filter(c -> c.getPackageName().equals("org.mifsync.mif"))
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC)).toList();
        assertThat(api).as("public types of org.mifsync.mif").extracting(JavaClass::getSimpleName)
                .contains("MifParser", "MifDocument", "MifException", "Diagnostic");
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : api) {
            Stream.concat(c.getRawSuperclass().stream(), c.getRawInterfaces().stream()).filter(ApiSurfaceTest::hidden)
                    .forEach(t -> leaks.add(c.getName() + " extends or implements " + t.getName()));
            for (JavaMember m : c.getMembers()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                    continue;
                }
                List<JavaClass> types = new ArrayList<>();
                if (m instanceof com.tngtech.archunit.core.domain.JavaCodeUnit unit) {
                    types.add(unit.getRawReturnType());
                    types.addAll(unit.getRawParameterTypes());
                    unit.getThrowsClause().forEach(t -> types.add(t.getRawType()));
                } else if (m instanceof com.tngtech.archunit.core.domain.JavaField field) {
                    types.add(field.getRawType());
                }
                types.stream().filter(ApiSurfaceTest::hidden)
                        .forEach(t -> leaks.add(m.getFullName() + " shows " + t.getName()));
            }
        }
        assertThat(leaks).isEmpty();
    }
}
