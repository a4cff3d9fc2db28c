/**
 * The config editor: {@link dev.gatehouse.views.config.ConfigEditModel} (toolkit-free view-model:
 * undoable {@link dev.gatehouse.views.config.ConfigCommand}s, YAML text checks with positions, the
 * diff against the running config) and {@link dev.gatehouse.views.config.ConfigEditorView}, the
 * workbench view that shows it graphically and as YAML and applies, rolls back and exports.
 */
package dev.gatehouse.views.config;
