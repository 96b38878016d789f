/**
 * Azure Resource Manager: the listKeys client, the managed-identity token and Azure's naming rules.
 */
@NullMarked
package dev.credbroker.azure;

import org.jspecify.annotations.NullMarked;
