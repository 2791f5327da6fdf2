"""The app's frame: start, main window, menus, signal hub, background tasks, settings, icons, reminders."""
