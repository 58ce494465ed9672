package org.mifsync.resync;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoreCheck;
import org.mifsync.resync.store.StoreTransaction;

/**
 * JDBC stays at the store's transaction level, the service-provider interface its package
 * description names: a {@code java.sql} or {@code javax.sql} type shows in what a public type of
 * resync-core takes, returns, throws or exposes only
 * <ul>
 *   <li>as the {@link DataSource} that {@link InventoryStore#open} and {@link StoreCheck#of} take
 *       (the embedding contract), or</li>
 *   <li>on the transaction level: {@link StoreTransaction}, {@link InventoryStore.Work}, the views a
 *       transaction gives ({@code tx.clients()} and the like) and what is built on a transaction
 *       ({@code RequestLifecycle.of(tx, …)}).</li>
 * </ul>
 * Everything else an embedder needs (reading, loading, deciding, requesting, administering) works
 * without a JDBC type, so that a new method does not slip SQL into it unnoticed.
 */
class JdbcSurfaceTest {

    private static boolean jdbc(JavaClass type) {
        String pkg = type.getBaseComponentType().getPackageName();
        return pkg.equals("java.sql") || pkg.equals("javax.sql");
    }

    private static boolean shown(JavaMember member) {
        return member.getModifiers().contains(JavaModifier.PUBLIC) || member.getModifiers().contains(JavaModifier.PROTECTED);
    }

    /**
     * What a member takes, returns, throws or is, with the types in its generic signature too: a
     * {@code List<ResultSet>} shows a {@code ResultSet}.
     */
    private static Set<JavaClass> signature(JavaMember member) {
        Set<JavaClass> types = new HashSet<>();
        if (member instanceof JavaCodeUnit unit) {
            types.addAll(unit.getAllInvolvedRawTypes());
            unit.getThrowsClause().forEach(t -> types.add(t.getRawType()));
        } else if (member instanceof JavaField field) {
            types.addAll(field.getAllInvolvedRawTypes());
        }
        return types;
    }

    @Test
    void jdbcTypesShowOnlyOnTheTransactionLevelAndInTheDataSourceEntryPoints() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.mifsync.resync");
        JavaClass transaction = classes.get(StoreTransaction.class);
        Set<String> transactionLevel = new HashSet<>(Set.of(StoreTransaction.class.getName(),
                InventoryStore.Work.class.getName()));
        for (JavaMethod view : transaction.getMethods()) {
            if (shown(view) && view.getRawParameterTypes().isEmpty() && view.getRawReturnType().getPackageName()
                    .equals(transaction.getPackageName())) {
                transactionLevel.add(view.getRawReturnType().getName());
            }
        }
        for (JavaClass c : classes) {
            for (JavaMethod m : c.getMethods()) {
                if (shown(m) && m.getModifiers().contains(JavaModifier.STATIC) && m.getRawParameterTypes().contains(transaction)) {
                    transactionLevel.add(c.getName());
                }
            }
        }
        assertThat(transactionLevel).as("the transaction level found").contains(
                "org.mifsync.resync.store.Clients", "org.mifsync.resync.store.Inventories",
                "org.mifsync.resync.store.RequestLifecycle");

        List<String> leaks = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.getPackageName().contains(".internal")
                    || transactionLevel.contains(c.getName())) {
                continue;
            }
            for (JavaMember m : c.getMembers()) {
                if (!shown(m)) {
                    continue;
                }
                for (JavaClass type : signature(m)) {
                    boolean entryPoint = type.isEquivalentTo(DataSource.class)
                            && (c.isEquivalentTo(InventoryStore.class) && m.getName().equals("open")
                                    || c.isEquivalentTo(StoreCheck.class) && m.getName().equals("of"));
                    if (jdbc(type) && !entryPoint) {
                        leaks.add(m.getFullName() + " shows " + type.getName());
                    }
                }
            }
        }
        assertThat(leaks).as("JDBC types outside the store's transaction level").isEmpty();
    }
}
