@echo off
rem mifsync: runs the command-line tool from its installation (this script's ..\lib).
rem   JAVA_HOME     the Java 17 (or later) installation to use; otherwise java on the PATH
rem   MIFSYNC_OPTS  options for the JVM, e.g. set MIFSYNC_OPTS=-Xmx2g (JAVA_OPTS is read too, first)
rem Exit codes: those of the tool (0 ok, 1 problems found, 2 usage error), or 3 when no suitable
rem Java was found.
setlocal EnableExtensions

set "MIFSYNC_HOME=%~dp0.."

if defined JAVA_HOME (
    set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
    set "JAVA=java.exe"
)
if defined JAVA_HOME if not exist "%JAVA%" (
    echo mifsync: JAVA_HOME is "%JAVA_HOME%", but "%JAVA%" does not exist; point JAVA_HOME at a Java 17 or later installation 1>&2
    exit /b 3
)
if not defined JAVA_HOME (
    where java.exe >nul 2>nul || (
        echo mifsync: Java not found: install Java 17 or later, or set JAVA_HOME 1>&2
        exit /b 3
    )
)

rem "1.8.0_392" is Java 8, "17.0.15" is 17, "21" is 21
set "JAVA_VERSION="
for /f "tokens=3" %%v in ('"%JAVA%" -version 2^>^&1 ^| findstr /i /c:"version"') do set "JAVA_VERSION=%%~v"
for /f "delims=.-+ tokens=1,2" %%a in ("%JAVA_VERSION%") do (
    set "JAVA_MAJOR=%%a"
    set "JAVA_MINOR=%%b"
)
if "%JAVA_MAJOR%"=="1" set "JAVA_MAJOR=%JAVA_MINOR%"
if not defined JAVA_MAJOR (
    echo mifsync: cannot tell which Java "%JAVA%" is; mifsync needs Java 17 or later ^(set JAVA_HOME^) 1>&2
    exit /b 3
)
if %JAVA_MAJOR% LSS 17 (
    echo mifsync: "%JAVA%" is Java %JAVA_VERSION%; mifsync needs Java 17 or later ^(set JAVA_HOME^) 1>&2
    exit /b 3
)

"%JAVA%" %JAVA_OPTS% %MIFSYNC_OPTS% -cp "%MIFSYNC_HOME%\lib\*" org.mifsync.cli.Main %*
exit /b %ERRORLEVEL%
