@echo off
rem 初期設定: 団体名・担当窓口・連絡先を設定します（最初に一度だけ）。
rem 設定は templates\shindan.ini に書かれます。
pushd "%~dp0"
shindan.exe init
echo.
echo 設定が終わったら、このウィンドウを閉じてください。
popd
pause
