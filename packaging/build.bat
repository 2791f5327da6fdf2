@echo off
rem Builds Hamkor on Windows: the bundle dist\hamkor (hamkor.exe, the window; hamkor-cli.exe, the command line)
rem and its installer dist\hamkor-VERSION-setup.exe. Needs Python 3.11 or newer (python.org, "Add python.exe to
rem PATH") and Inno Setup 6 (jrsoftware.org). Run it from a command prompt in Hamkor's folder: packaging\build.bat
setlocal
cd /d "%~dp0.."
python -m pip install ".[bundle]" || exit /b 1
python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\hamkor.spec || exit /b 1
dist\hamkor\hamkor-cli.exe --version || exit /b 1
for /f "delims=" %%v in ('python -c "import app; print(app.__version__)"') do set VERSION=%%v
set ISCC=iscc
where iscc >nul 2>nul || set ISCC="%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe"
%ISCC% /DAppVersion=%VERSION% packaging\hamkor.iss || exit /b 1
echo Built dist\hamkor and dist\hamkor-%VERSION%-setup.exe
