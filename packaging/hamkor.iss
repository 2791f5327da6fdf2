; Inno Setup 6 script of Hamkor's Windows installer: installs the bundle (dist\hamkor, made by
; `python -m PyInstaller --noconfirm packaging\hamkor.spec`) for every user of the machine, with a Start-menu entry.
; packaging\build.bat builds both; by hand:  iscc /DAppVersion=0.1.0 packaging\hamkor.iss
;
; Upgrades: the same AppId, so a newer installer replaces the program's files in place (the old libraries are
; removed first). The officers' data is never in the program's folder: each one's database, backups and settings
; live in their own profile (%LOCALAPPDATA%\Hamkor, the registry key HKCU\Software\Hamkor), which neither an
; upgrade nor an uninstall touches.
;
; A shared registry for the whole office: install with /DB=postgresql://USER@HOST/DBNAME (no password: each
; officer gives it once and it is kept in Windows' Credential Manager). It sets HAMKOR_DB for every user of the
; machine, e.g.  hamkor-0.1.0-setup.exe /VERYSILENT /DB=postgresql://officer@db.library.uz/hamkor

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{34E08EC9-F675-4066-A42E-380184A1FA14}
AppName=Hamkor
AppVersion={#AppVersion}
AppVerName=Hamkor {#AppVersion}
AppPublisher=International Relations Service
DefaultDirName={autopf}\Hamkor
DefaultGroupName=Hamkor
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..
OutputDir=dist
OutputBaseFilename=hamkor-{#AppVersion}-setup
SetupIconFile=packaging\hamkor.ico
UninstallDisplayIcon={app}\hamkor.exe
UninstallDisplayName=Hamkor
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ChangesEnvironment=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The previous version's libraries: a newer bundle may no longer carry some of them.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "dist\hamkor\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Hamkor"; Filename: "{app}\hamkor.exe"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,Hamkor}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Hamkor"; Filename: "{app}\hamkor.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; \
  ValueName: "HAMKOR_DB"; ValueData: "{param:DB}"; Flags: uninsdeletevalue; Check: SharedRegistryGiven

[Run]
Filename: "{app}\hamkor.exe"; Description: "{cm:LaunchProgram,Hamkor}"; Flags: nowait postinstall skipifsilent

[Code]
function SharedRegistryGiven: Boolean;
begin
  Result := ExpandConstant('{param:DB}') <> '';
end;
