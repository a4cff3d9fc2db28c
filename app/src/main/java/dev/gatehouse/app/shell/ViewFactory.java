package dev.gatehouse.app.shell;

import dev.gatehouse.views.shell.WorkbenchView;

/** Makes one main view (a tab of the window) for a workbench. */
@FunctionalInterface
public interface ViewFactory {
    WorkbenchView create(WorkbenchContext context);
}
