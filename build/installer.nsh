; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include). Registers Bastide's links in
; the installation's context (HKCU per user, HKLM per machine): bastide:// opens Bastide; for mailto: Bastide is
; offered as a mail client in Windows' default applications, never imposed (the user or IT picks it there).
; An update runs the old uninstaller first: the keys are kept then, and written again by the new installer.

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\bastide" "" "URL:Bastide"
  WriteRegStr SHELL_CONTEXT "Software\Classes\bastide" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\bastide\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\bastide\shell\open\command" "" '"$appExe" "%1"'

  WriteRegStr SHELL_CONTEXT "Software\Classes\Bastide.mailto" "" "URL:MailTo Protocol"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Bastide.mailto" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\Bastide.mailto\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Bastide.mailto\shell\open\command" "" '"$appExe" "%1"'
  WriteRegStr SHELL_CONTEXT "Software\Clients\Mail\Bastide" "" "Bastide"
  WriteRegStr SHELL_CONTEXT "Software\Clients\Mail\Bastide\Capabilities" "ApplicationName" "Bastide"
  WriteRegStr SHELL_CONTEXT "Software\Clients\Mail\Bastide\Capabilities" "ApplicationDescription" "Courrier, conversations et documents"
  WriteRegStr SHELL_CONTEXT "Software\Clients\Mail\Bastide\Capabilities\URLAssociations" "mailto" "Bastide.mailto"
  WriteRegStr SHELL_CONTEXT "Software\RegisteredApplications" "Bastide" "Software\Clients\Mail\Bastide\Capabilities"
!macroend

!macro customUnInstall
  ${ifNot} ${isUpdated}
    DeleteRegKey SHELL_CONTEXT "Software\Classes\bastide"
    DeleteRegKey SHELL_CONTEXT "Software\Classes\Bastide.mailto"
    DeleteRegKey SHELL_CONTEXT "Software\Clients\Mail\Bastide"
    DeleteRegValue SHELL_CONTEXT "Software\RegisteredApplications" "Bastide"
  ${endIf}
!macroend
